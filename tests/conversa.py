"""Canal de teste em memória: conversa com o motor como uma pessoa, sem Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field

from fluxos.motor import Motor
from mensagens.tipos import Entrada, Saida, Tipo


@dataclass
class Conversa:
    """Uma pessoa conversando: `diz`, `toca` (botão pelo rótulo) e o que ouviu."""

    motor: Motor
    chat_id: str = "100"
    canal: str = "teste"
    ouvidas: list[Saida] = field(default_factory=list)

    async def _enviar(self, entrada: Entrada) -> list[Saida]:
        saidas = await self.motor.processar(entrada)
        self.ouvidas.extend(saidas)
        return saidas

    async def diz(self, texto: str) -> list[Saida]:
        return await self._enviar(Entrada(self.canal, self.chat_id, Tipo.TEXTO, texto=texto))

    async def comando(self, nome: str, argumento: str = "") -> list[Saida]:
        return await self._enviar(
            Entrada(self.canal, self.chat_id, Tipo.COMANDO, comando=nome, texto=argumento)
        )

    async def toca(self, rotulo: str, em: Saida | None = None) -> list[Saida]:
        """Toca no botão com esse rótulo na última mensagem (ou na mensagem `em`)."""
        mensagem = em or self.ultima
        for botao in mensagem.botoes:
            if botao.rotulo == rotulo:
                return await self.aperta(botao.valor)
        raise AssertionError(f"não há botão {rotulo!r} em: {[b.rotulo for b in mensagem.botoes]}")

    async def aperta(self, valor: str) -> list[Saida]:
        return await self._enviar(Entrada(self.canal, self.chat_id, Tipo.BOTAO, valor=valor))

    async def envia_contato(self, telefone: str, proprio: bool = True) -> list[Saida]:
        return await self._enviar(
            Entrada(self.canal, self.chat_id, Tipo.CONTATO, valor=telefone, contato_proprio=proprio)
        )

    async def envia_midia(self, tipo: str) -> list[Saida]:
        return await self._enviar(Entrada(self.canal, self.chat_id, Tipo.MIDIA, valor=tipo))

    @property
    def ultima(self) -> Saida:
        return self.ouvidas[-1]

    @property
    def rotulos(self) -> list[str]:
        return [b.rotulo for b in self.ultima.botoes]
