"""Remetente da fila do WhatsApp: a janela de 24 h, os modelos aprovados, o limite diário
de pessoas e o espaço entre mensagens à mesma pessoa. Envolve o `RemetenteWhatsApp`
(mensagem livre) e o `ClienteGraph` (modelo) no despachante do canal.

Para cada linha da fila:

| situação                                        | o que sai                                 |
|-------------------------------------------------|-------------------------------------------|
| mensagem à mesma pessoa há menos de `espaco`    | nada: Repetir(o que falta, só a linha)    |
| janela aberta (`armazenamento.janelas`, com     | mensagem livre (botões, lista, texto)     |
|   `folga`)                                      |                                           |
| janela fechada, ou a livre voltou com 131047    | o modelo da Saida (`template`), na MESMA  |
|   (na hora, ou depois num status `failed`:      |   linha, uma vez                          |
|   `bot.whatsapp.situacoes`)                     |                                           |
| janela fechada e a Saida sem modelo             | nada: Falhou "fora_da_janela_sem_modelo"  |
| modelo sem vaga no limite diário                | nada: Repetir até a próxima vaga (a linha |
|                                                 |   fica na fila, na ordem; a OSC vê)       |
| 131026 / 368 (não entregável)                   | Inalcancavel, e a equipe responsável      |
|                                                 |   recebe "ligue para a pessoa"            |
| a mensagem não vale mais (convocação já        | nada: Falhou "nao vale mais: ..."         |
|   respondida, vencida, pessoa matriculada:     |   (`fluxos.convocacao.na_saida`; a       |
|   `na_saida`)                                  |   chamada atrasada sai com o prazo novo)  |
| modelo recusado pela Meta (132001 nome, 132015 | nada: Repetir a cada hora, só a linha, e  |
|   pausado...: `graph.MODELO_RECUSADO`)         |   WARNING com o código (1 por modelo/h)   |
| 131056, 130429, 80007, outro código             | como o `ClienteGraph` diz (o despachante  |
|                                                 |   reagenda, recua ou falha com o código)  |

O modelo é reservado na linha (`envio.modelo`) ANTES de sair, numa transação curta: a
conta do limite é do banco e vale para todos os processos; a linha enviada fica com o
modelo gravado (o custo, `inclusao saida`). O espaço à mesma pessoa é lembrado em memória:
só o líder do canal envia (`bot.lider`), e o 131056 do Graph cobre o resto.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import entregas, envios, janelas, limite_diario
from armazenamento.banco import transacao
from armazenamento.envios import Reivindicado
from armazenamento.tempo import agora
from bot.config_modelos import ConfigFila
from bot.resultado_envio import Enviada, Falhou, ForaDaJanela, Inalcancavel, Repetir, Resultado
from bot.whatsapp.desenho import destinatario
from bot.whatsapp.graph import MODELO_RECUSADO
from bot.whatsapp.identidade import destino
from bot.whatsapp.modelo import montar_modelo
from bot.whatsapp.remetente import SEM_DESTINO
from fluxos.ajustes import Ajustes
from fluxos.avisos_fila import conteudo_do_aviso
from fluxos.convocacao.na_saida import NaoVale, conferir
from fluxos.inalcancavel import tratar_inalcancavel
from mensagens.tipos import Saida

log = logging.getLogger(__name__)

CANAL = "whatsapp"
SEM_MODELO = "fora_da_janela_sem_modelo"
FORA_DA_JANELA = "131047"
ESPACO = "whatsapp: espacando mensagens a mesma pessoa"
MEMORIA_ESPACO = 20_000
NAO_VALE = "nao vale mais"  # o começo do `ultimo_erro` da linha que não saiu por isso
AVISO_MODELO = timedelta(hours=1)  # um WARNING por modelo recusado e código, por hora


class Livre(Protocol):
    async def enviar(self, chat_id: str, saida: Saida) -> Resultado: ...


class Graph(Protocol):
    async def enviar(self, payload: dict[str, object]) -> Resultado: ...

    async def subir_midia(self, nome: str, tipo: str, dados: bytes) -> str | Resultado: ...


@dataclass
class RemetenteFilaWhatsApp:
    banco: AsyncEngine
    livre: Livre
    graph: Graph
    config: ConfigFila = field(default_factory=ConfigFila)
    relogio: Callable[[], datetime] = agora
    prazo_convocacao: timedelta = Ajustes().prazo_convocacao  # R5, ver `na_saida`
    _ultimo: dict[str, datetime] = field(default_factory=dict, init=False, repr=False)
    _avisados: dict[tuple[str, str], datetime] = field(default_factory=dict, init=False, repr=False)
    _reservas: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    async def enviar(self, chat_id: str, saida: Saida) -> Resultado:
        """Sem a linha (fora do despachante) não há como reservar modelo: só a livre."""
        return await self.livre.enviar(chat_id, saida)

    async def enviar_linha(self, item: Reivindicado, saida: Saida) -> Resultado:
        """Nenhuma exceção do banco escapa: sem ele não há janela nem limite para conferir,
        e a linha volta para a fila (nada saiu)."""
        try:
            return await self._enviar_linha(item, saida)
        except (ConnectionError, OSError, TimeoutError, SQLAlchemyError) as erro:
            return Repetir(0.0, f"whatsapp: banco indisponivel ({type(erro).__name__})")

    async def _enviar_linha(self, item: Reivindicado, saida: Saida) -> Resultado:
        momento = self.relogio()
        falta = self._falta_para(item.chat_id, momento)
        if falta > 0:
            return Repetir(falta, ESPACO, so_esta_pessoa=True)
        async with transacao(self.banco) as conexao:
            vale = await conferir(conexao, item.chave, saida, momento, self.prazo_convocacao)
            if isinstance(vale, NaoVale):
                return Falhou(f"{NAO_VALE}: {vale.motivo}")
            if vale is not saida:  # refeita (o prazo novo): a linha guarda o que sai
                saida = vale
                await envios.trocar_conteudos(conexao, [(item.id, conteudo_do_aviso(saida))])
            aberta = not await entregas.pede_modelo(
                conexao, item.id, FORA_DA_JANELA
            ) and await janelas.dentro_da_janela(
                conexao, CANAL, item.chat_id, momento, self.config.folga
            )
            if aberta:  # uma tentativa anterior pode ter reservado modelo
                await limite_diario.tirar_modelo(conexao, item.id)
        if aberta:
            resultado = await self.livre.enviar(item.chat_id, saida)
            if not isinstance(resultado, ForaDaJanela):
                return await self._depois(item, resultado, momento)
        return await self._como_modelo(item, saida, momento)

    def _falta_para(self, chat_id: str, momento: datetime) -> float:
        """Segundos até poder mandar de novo a esta pessoa (0: já pode)."""
        ultimo = self._ultimo.get(chat_id)
        if ultimo is None:
            return 0.0
        return max(0.0, self.config.espaco_pessoa - (momento - ultimo).total_seconds())

    async def _como_modelo(self, item: Reivindicado, saida: Saida, momento: datetime) -> Resultado:
        if saida.modelo is None:
            return Falhou(SEM_MODELO)
        config = self.config.modelos.get(saida.modelo.chave)
        if config is None:
            return Falhou(f"whatsapp: modelo sem configuracao ({saida.modelo.chave[:40]})")
        para = await destino(self.banco, item.chat_id)  # o canônico -> número ou BSUID
        if not para:
            return await self._depois(item, Inalcancavel(SEM_DESTINO), momento)
        espera = await self._reservar(item, saida.modelo.chave, momento)
        if espera is not None:
            return espera
        midia = ""
        if config.documento and saida.anexo is not None:
            subida = await self.graph.subir_midia(
                saida.anexo.nome, saida.anexo.tipo, saida.anexo.dados
            )
            if not isinstance(subida, str):
                return subida
            midia = subida
        payload = montar_modelo(destinatario(para), saida, config, midia)
        resultado = await self.graph.enviar(payload)
        if isinstance(resultado, ForaDaJanela):  # o modelo não pode voltar com 131047
            return Falhou(resultado.motivo)
        self._avisar_modelo(config.nome, saida.modelo.chave, resultado, momento)
        return await self._depois(item, resultado, momento)

    def _avisar_modelo(
        self, nome: str, chave: str, resultado: Resultado, momento: datetime
    ) -> None:
        """Modelo recusado pela Meta (nome errado, pausado, desativado): nenhuma mensagem
        fora da janela com ele sai até alguém consertar. WARNING com o código e o modelo
        (nunca a pessoa), uma vez por hora por modelo e código."""
        motivo = getattr(resultado, "motivo", "")
        codigo = motivo.removeprefix("whatsapp:").split(" ", 1)[0]
        if not (codigo.isdigit() and int(codigo) in MODELO_RECUSADO):
            return
        antes = self._avisados.get((chave, codigo))
        if antes is not None and momento - antes < AVISO_MODELO:
            return
        self._avisados[(chave, codigo)] = momento
        log.warning(
            "whatsapp: a Meta recusou o modelo %s (%s, erro %s): as mensagens fora da janela "
            "com ele esperam na fila; confira WHATSAPP_MODELO_%s e o modelo aprovado",
            nome,
            chave,
            codigo,
            chave.upper(),
        )

    async def _reservar(self, item: Reivindicado, chave: str, momento: datetime) -> Repetir | None:
        """Reserva a vaga da pessoa no limite diário; sem vaga, a espera até a próxima.

        As reservas deste processo saem uma de cada vez, na ordem em que chegam: a ordem
        da fila decide quem pega a última vaga."""
        async with self._reservas, transacao(self.banco) as conexao:
            if await limite_diario.reservar_modelo(
                conexao, item.id, item.chat_id, chave, self.config.limite_diario, momento
            ):
                return None
            vaga = await limite_diario.proxima_vaga(conexao, momento)
        espera = (vaga - momento).total_seconds()
        return Repetir(espera, limite_diario.ESPERA_LIMITE, so_esta_pessoa=True)

    async def _depois(
        self, item: Reivindicado, resultado: Resultado, momento: datetime
    ) -> Resultado:
        if isinstance(resultado, Enviada):
            self._lembrar(item.chat_id, momento)
        elif isinstance(resultado, Falhou) and resultado.motivo.startswith("whatsapp:"):
            codigo = resultado.motivo.removeprefix("whatsapp:").split(" ", 1)[0]
            log.warning("whatsapp: envio %s falhou com o erro %s", item.id, codigo[:12])
        elif isinstance(resultado, Inalcancavel):
            await self._avisar_equipe(item, resultado.motivo)
        return resultado

    def _lembrar(self, chat_id: str, momento: datetime) -> None:
        self._ultimo[chat_id] = momento
        if len(self._ultimo) > MEMORIA_ESPACO:  # esquece quem já pode receber de novo
            velhos = [c for c in self._ultimo if self._falta_para(c, momento) == 0]
            for chave in velhos:
                del self._ultimo[chave]

    async def _avisar_equipe(self, item: Reivindicado, motivo: str) -> None:
        """A equipe liga para quem não recebe mais pelo WhatsApp. Se o banco falha aqui, o
        resultado da linha ainda vale (o despachante grava); o registro diz que faltou."""
        try:
            async with transacao(self.banco) as conexao:
                await tratar_inalcancavel(
                    conexao, CANAL, item.chat_id, item.id, motivo, self.relogio()
                )
        except Exception as erro:  # o envio já tem resultado: não o perder por causa do aviso
            nome = type(erro).__name__  # a mensagem do erro de banco pode trazer o chat_id
            log.warning("whatsapp: aviso de inalcancavel (envio %s) nao gravado: %s", item.id, nome)
