"""Sessões do chat web: só vale o token que o servidor emitiu.

O token é um identificador aleatório com a assinatura do servidor (`itsdangerous`, HMAC
SHA-256). Um token inventado ou mexido pelo cliente não passa: assim o limite de sessões
novas por endereço, o de mensagens por minuto e as travas contadas por sessão (ex.: erros
de código de convite) valem de verdade, porque não dá para trocar de sessão à vontade.

A chave vem de `INCLUSAO_CHAVE_SESSAO`; sem ela, é gerada uma vez e guardada no banco
(tabela `segredo`): todos os processos no mesmo banco usam a mesma, e um reinício não
derruba as sessões abertas. Das sessões de antes da assinatura (43 letras, sem ponto), vale
só a que o banco conhece como identidade: ligada à equipe ou a uma pré-inscrição (inventar
uma dessas é adivinhar 256 bits); uma conversa pela metade recomeça.

O token não vence sozinho: é também QUEM a pessoa é (o papel da equipe se liga a ele); a
conversa é que vence (`Motor.validade`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets

from itsdangerous import Signer
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.equipe import acesso_de
from armazenamento.preinscricoes import buscar_do_chat
from armazenamento.segredos import obter_ou_criar
from armazenamento.tempo import agora

NOME_DO_SEGREDO = "sessao_web"
_SAL = "inclusao.web.sessao"
# 192 bits aleatórios + "." + assinatura (43): 76 caracteres, cabe no chat_id (80)
_FORMATO = re.compile(r"[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}")
_FORMATO_ANTIGO = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32), sem assinatura


def gerar_chave() -> str:
    return secrets.token_urlsafe(32)


def _assinador(chave: str) -> Signer:
    return Signer(chave, salt=_SAL, key_derivation="hmac", digest_method=hashlib.sha256)


class SessoesWeb:
    """Emite e confere tokens de sessão. A chave do banco é lida uma vez, na 1ª vez que
    precisa (o app HTTP sobe mesmo com o banco fora do ar)."""

    def __init__(self, banco: AsyncEngine, chave: str = "") -> None:
        self.banco = banco
        self._assinador = _assinador(chave) if chave else None
        self._trava = asyncio.Lock()

    async def assinador(self) -> Signer:
        if self._assinador is None:
            async with self._trava:
                if self._assinador is None:
                    async with transacao(self.banco) as conexao:
                        chave = await obter_ou_criar(conexao, NOME_DO_SEGREDO, gerar_chave, agora())
                    self._assinador = _assinador(chave)
        return self._assinador

    async def emitir(self) -> str:
        """Uma sessão nova: 192 bits aleatórios, assinados."""
        return (await self.assinador()).sign(secrets.token_urlsafe(24)).decode("ascii")

    async def valida(self, token: object) -> bool:
        """Só um token deste servidor (mesma chave), sem um caractere mudado."""
        if isinstance(token, str) and _FORMATO_ANTIGO.fullmatch(token):
            return await self._antiga_conhecida(token)
        if not isinstance(token, str) or _FORMATO.fullmatch(token) is None:
            return False
        # assina de novo e compara o texto inteiro: o `validate` aceitaria a última letra
        # trocada por outra que difere só nos bits de sobra do base64
        valor = token.rpartition(".")[0]
        esperado = (await self.assinador()).sign(valor).decode("ascii")
        return hmac.compare_digest(esperado, token)

    async def _antiga_conhecida(self, token: str) -> bool:
        """Sessão de antes da assinatura que é a identidade de alguém: a equipe ligada a
        ela ou quem fez a pré-inscrição por ela não precisa de convite nem de vínculo novo."""
        async with transacao(self.banco) as conexao:
            if (await acesso_de(conexao, "web", token)).equipe:
                return True
            return await buscar_do_chat(conexao, "web", token) is not None
