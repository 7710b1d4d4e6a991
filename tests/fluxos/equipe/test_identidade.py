"""Reiniciar uma conversa nunca muda quem a pessoa é (ARQUITETURA §2, R24).

O papel da equipe (tabela `equipe`) e o vínculo do cidadão com a sua pré-inscrição
(`preinscricao.canal/chat_id`) ficam fora do estado da conversa: `cancelar` (o "Começar de
novo" da página) e o vencimento de uma conversa abandonada (30 dias) só apagam respostas.
Vale no chat web (a sessão é a pessoa) e no Telegram (o id da conta).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import col

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, acesso_de, criar_convite
from armazenamento.modelos import PreInscricao
from fluxos.motor import Motor, quem_escreve
from mensagens.catalogo import texto
from mensagens.tipos import Entrada, Saida, Tipo
from tests.fluxos.conftest import AGORA
from tests.fluxos.priorizacao.conftest import (  # noqa: F401  (as fixtures da priorização)
    Relogio,
    Semente,
    motor,
    relogio,
    semente,
)

MENU_CRAS = [
    texto("equipe.botao.priorizar"),
    texto("equipe.botao.preinscrever"),
    texto("equipe.botao.alertas"),
    texto("equipe.botao.desistentes"),  # R19: as do seu território
    texto("equipe.botao.atendimentos"),
    texto("equipe.botao.buscar"),
]
CANAIS = {"web": "W" * 43, "telegram": "7400001"}


@dataclass
class Pessoa:
    """Quem escreve num canal: no Telegram o id da conta vem junto (`usuario_id`)."""

    motor: Motor
    canal: str
    chat_id: str
    ouvidas: list[Saida] = field(default_factory=list)

    async def manda(
        self, tipo: Tipo, comando: str = "", argumento: str = "", valor: str = ""
    ) -> list[Saida]:
        usuario = self.chat_id if self.canal == "telegram" else ""
        entrada = Entrada(
            self.canal,
            self.chat_id,
            tipo,
            texto=argumento,
            valor=valor,
            comando=comando,
            usuario_id=usuario,
        )
        saidas = await self.motor.processar(entrada)
        self.ouvidas.extend(saidas)
        return saidas

    async def comando(self, nome: str, argumento: str = "") -> list[Saida]:
        return await self.manda(Tipo.COMANDO, comando=nome, argumento=argumento)

    async def toca(self, rotulo: str) -> list[Saida]:
        [botao] = [b for b in self.ouvidas[-1].botoes if b.rotulo == rotulo]
        return await self.manda(Tipo.BOTAO, valor=botao.valor)

    async def cancela(self) -> None:
        """/cancelar (ou "Começar de novo"); se o assistente pede confirmação, confirma."""
        await self.comando("cancelar")
        if self.ouvidas[-1].botoes:
            await self.manda(Tipo.BOTAO, valor=self.ouvidas[-1].botoes[0].valor)


async def reiniciar(pessoa: Pessoa, como: str, relogio: Relogio) -> None:
    if como == "cancelar":
        await pessoa.cancela()
    else:  # a conversa fica abandonada por mais de 30 dias e a pessoa volta
        relogio.agora += timedelta(days=31)
        await pessoa.comando("start")


@pytest.mark.parametrize("como", ["cancelar", "vencimento"])
@pytest.mark.parametrize("canal", sorted(CANAIS))
async def test_r24_reiniciar_a_conversa_mantem_o_papel_da_equipe(
    motor: Motor, semente: Semente, relogio: Relogio, canal: str, como: str
) -> None:
    async with transacao(motor.banco) as conexao:
        escopo = Escopo("cras", cras_id=semente.cras["Europa"])
        convite = await criar_convite(conexao, escopo, AGORA, timedelta(days=90))
    tecnica = Pessoa(motor, canal, CANAIS[canal])
    await tecnica.comando("start", convite.token)
    await tecnica.toca(texto("equipe.botao.preinscrever"))  # no meio da assistida

    await reiniciar(tecnica, como, relogio)

    [menu] = await tecnica.comando("menu")
    assert [b.rotulo for b in menu.botoes] == MENU_CRAS
    entrada = Entrada(canal, tecnica.chat_id, Tipo.TEXTO, usuario_id=tecnica.chat_id)
    async with transacao(motor.banco) as conexao:
        assert (await acesso_de(conexao, canal, quem_escreve(entrada))).papeis == {"cras"}


@pytest.mark.parametrize("como", ["cancelar", "vencimento"])
@pytest.mark.parametrize("canal", sorted(CANAIS))
async def test_reiniciar_a_conversa_mantem_a_preinscricao_do_cidadao(
    motor: Motor, semente: Semente, relogio: Relogio, canal: str, como: str
) -> None:
    ana = Pessoa(motor, canal, CANAIS[canal])
    async with transacao(motor.banco) as conexao:
        await conexao.execute(
            sa.update(PreInscricao)
            .where(col(PreInscricao.id) == semente.pre["Ana"])
            .values(canal=canal, chat_id=ana.chat_id)
        )
    [antes] = await ana.comando("situacao")
    await ana.toca(antes.botoes[0].rotulo)  # uma tela com botões pendente

    await reiniciar(ana, como, relogio)

    [depois] = await ana.comando("situacao")
    assert depois.texto == antes.texto
    assert depois.texto != texto("cidadao.status.nenhuma")
