"""O palco comum das conversas por canal (a base de `tests.bot.canais_de_conversa`): o que
o teste pergunta ao canal sem saber qual é (a pessoa, os textos do canal, os arquivos que
chegaram, o que o canal não tem)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.despachante import Despachante
from fluxos.motor import Motor
from mensagens.catalogo import no_canal, texto
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.pessoa_whatsapp import PessoaWhatsApp

CANAIS = ("telegram", "whatsapp")
MODELOS_DE_LINK = {  # como bot/config_links.py monta de TELEGRAM_BOT_USERNAME e WHATSAPP_NUMERO
    "telegram": "https://t.me/inclusao_bot?start={token}",
    "whatsapp": "https://wa.me/551432350000?text={token}",
}
TECLADO_CONTATO = {
    "keyboard": [[{"text": texto("telegram.contato.botao"), "request_contact": True}]],
    "resize_keyboard": True,
    "one_time_keyboard": True,
}

MANDA_TOCAR = re.compile(r"\btoque\b", re.IGNORECASE)
ESPACO_PESSOA = 6.0  # segundos entre dois tiques da fila (no WhatsApp, o da mesma pessoa)

Pessoa = PessoaTelegram | PessoaWhatsApp
FabricaDeMotor = Callable[[], Motor]
Relogio = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Arquivo:
    """Um arquivo que chegou na conversa: `como` "imagem" (aparece na conversa) ou
    "documento" (um arquivo para abrir)."""

    como: str
    nome: str
    tipo: str
    dados: bytes
    legenda: str


@dataclass
class Palco:
    """Um canal de mensagem pronto: `pessoa(n)` é a conversa privada de número `n` (o chat
    do Telegram; no WhatsApp, o wa_id com os mesmos dígitos). `reiniciar()` troca o motor e
    o canal por novos sobre o mesmo banco e o mesmo serviço falso (um processo novo)."""

    canal: str
    banco: AsyncEngine
    fabrica: FabricaDeMotor
    relogio: Relogio
    _pessoas: dict[str, Pessoa] = field(default_factory=dict)
    _despachante: Despachante | None = None

    nao_recebe = ""  # como a equipe lê, na tela do pedido, quem o canal não alcança mais
    na_lista_nao_recebe = ""  # e na lista dos atendimentos

    @property
    def tem_botao_de_contato(self) -> bool:
        """O canal tem o botão nativo de mandar o próprio telefone (só o Telegram)."""
        return self.canal == "telegram"

    def chat_id(self, numero: int | str) -> str:
        """Como a conversa fica gravada (`PreInscricao.chat_id`, `Envio.chat_id`)."""
        return str(numero)

    def usuario_id(self, numero: int | str) -> str:
        """Quem a pessoa é, de forma estável (o vínculo da equipe, R24): no Telegram o id
        da conta; no WhatsApp o id canônico da pessoa (o primeiro visto: o número, quando
        ela o mostra; o BSUID que vem junto fica como apelido, `identidade_whatsapp`)."""
        return self.chat_id(numero)

    @property
    def modelo_de_link(self) -> str:
        """O modelo do link do canal (`Ajustes.links_de_canal`), como a configuração monta."""
        return MODELOS_DE_LINK[self.canal]

    def link_de_start(self, carga: str) -> str:
        """O link que leva `carga` ao /start: no Telegram, `?start=`; no WhatsApp (sem
        /start), `?text=` com "/start <carga>" pronto para enviar."""
        if self.canal == "telegram":
            return self.modelo_de_link.format(token=carga)
        return self.modelo_de_link.format(token=quote(f"/start {carga}", safe=""))

    async def abre_link(self, pessoa: Pessoa, link: str) -> None:
        """A câmera lê o QR code e o celular abre o link: no Telegram, o /start com a
        carga; no WhatsApp, a conversa com o texto pronto, e a pessoa toca em enviar."""
        consulta = parse_qs(urlsplit(link).query)
        if "start" in consulta:
            await pessoa.comando(f"/start {consulta['start'][0]}")
        else:
            await pessoa.diz(consulta["text"][0])

    def texto(self, chave: str, /, **campos: object) -> str:
        """O texto do catálogo como a pessoa o lê NESTE canal (com a variante `@canal`)."""
        with no_canal(self.canal):
            return texto(chave, **campos)

    def ve_teclado_de_contato(self, pessoa: Pessoa) -> bool:
        """A última mensagem oferece o botão nativo de mandar o próprio telefone (só o
        Telegram tem; no WhatsApp a pessoa digita, e o texto diz isso)."""
        return pessoa.ultima.teclado == TECLADO_CONTATO

    def teclado_fechado(self, recebida: Any) -> bool:
        """Depois desta mensagem não sobra teclado de contato aberto na tela."""
        return recebida.teclado.get("remove_keyboard") is True or self.canal != "telegram"

    def texto_puro(self) -> bool:
        """Nenhuma mensagem saiu com formatação (um nome com * ou _ não quebra nada)."""
        return True

    def duplicadas(self) -> int:
        """Cópias a mais: a mesma mensagem (texto e opções) entregue mais de uma vez."""
        return 0

    def pessoa(self, numero: int | str) -> Pessoa:
        raise NotImplementedError

    def fora_do_canal(self) -> list[str]:
        """Mensagens que pedem o que o canal não tem (vazio: nenhuma). No WhatsApp: mandar
        "tocar" numa mensagem sem nada para tocar (mais de 10 opções vão numeradas no texto,
        para digitar)."""
        return []

    def arquivos(self, numero: int | str) -> list[Arquivo]:
        """Os arquivos que chegaram à conversa `numero`, em ordem."""
        raise NotImplementedError

    def documentos(self, numero: int | str) -> list[Arquivo]:
        """Os documentos (arquivos para abrir) que chegaram à conversa `numero`."""
        return [a for a in self.arquivos(numero) if a.como == "documento"]

    def conferir_entregas(self) -> None:
        """O serviço do canal aceitou tudo o que saiu (nada fora do formato dele)."""

    def falhar_entrega(self, numero: int | str) -> None:
        """A próxima mensagem a `numero` não chega: o canal não alcança mais a pessoa."""
        raise NotImplementedError

    async def reiniciar(self) -> None:
        raise NotImplementedError

    def despachante(self, relogio: Relogio) -> Despachante:
        """O despachante da fila do canal, como na partida, no relógio `relogio`."""
        raise NotImplementedError

    async def entregar(self) -> int:
        """Um tique do despachante da fila do canal, alguns segundos depois do anterior:
        se o relógio do teste anda, anda `ESPACO_PESSOA` (no WhatsApp, a segunda mensagem
        à mesma pessoa espera esse tanto, erro 131056)."""
        andar = getattr(self.relogio, "andar", None)
        if andar is not None:
            andar(seconds=ESPACO_PESSOA)
        if self._despachante is None:
            self._despachante = self.despachante(self.relogio)
        return await self._despachante.esvaziar()
