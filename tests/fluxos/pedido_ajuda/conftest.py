"""Uma cena do pedido de ajuda (R20): o cadastro pequeno, um relógio que só anda quando o
teste manda, a pessoa matriculada na turma T0 (da OSC "Instituto Esperança") e a equipe
ligada por convite, tudo pelo motor de verdade, no Telegram (canal que entrega depois)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import (
    Auditoria,
    Ciclo,
    Cras,
    Envio,
    Matricula,
    Osc,
    PreInscricao,
    Turma,
)
from armazenamento.modelos_ajuda import MensagemAjuda, PedidoAjuda
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.dados import semear_programa

# sexta-feira, 5 de março de 2027, 16h em Bauru (19h UTC)
AGORA = datetime(2027, 3, 5, 19, 0, tzinfo=UTC)


@dataclass
class Relogio:
    agora: datetime = AGORA

    def __call__(self) -> datetime:
        return self.agora

    def andar(self, **quanto: float) -> datetime:
        self.agora += timedelta(**quanto)
        return self.agora


@dataclass
class Cena:
    banco: AsyncEngine
    motor: Motor
    relogio: Relogio

    def conversa(self, chat: str, canal: str = "telegram") -> Conversa:
        return Conversa(self.motor, chat, canal)

    async def id_de(self, tabela: type, **filtro: object) -> int:
        async with transacao(self.banco) as c:
            consulta = sa.select(sa.func.min(tabela.id))  # type: ignore[attr-defined]
            for campo, valor in filtro.items():
                consulta = consulta.where(getattr(tabela, campo) == valor)
            return int((await c.execute(consulta)).scalar_one())

    async def preinscrever(
        self, chat: str, cras: str = "CRAS Jardim Europa", canal: str = "telegram"
    ) -> int:
        cras_id = await self.id_de(Cras, nome=cras)
        async with transacao(self.banco) as c:
            ciclo_id = (await c.execute(sa.select(Ciclo.id))).scalar()  # type: ignore[call-overload]
            pre = await c.execute(
                sa.insert(PreInscricao.__table__).values(  # type: ignore[attr-defined]
                    ciclo_id=ciclo_id,
                    nome="Maria Aparecida",
                    nascimento=date(2000, 1, 1),
                    cras_id=cras_id,
                    curso1_id=1,
                    turno="manha",
                    escolaridade="medio",
                    aviso_versao="1",
                    canal=canal,
                    chat_id=chat,
                    situacao="recebida",
                    criada_em=AGORA,
                )
            )
            return int(pre.inserted_primary_key[0])  # type: ignore[index]

    async def matricular(self, chat: str, turma: str = "T0", canal: str = "telegram") -> int:
        pre = await self.preinscrever(chat, canal=canal)
        turma_id = await self.id_de(Turma, codigo=turma)
        async with transacao(self.banco) as c:
            mat = await c.execute(
                sa.insert(Matricula.__table__).values(  # type: ignore[attr-defined]
                    turma_id=turma_id, preinscricao_id=pre, situacao="ativa", criada_em=AGORA
                )
            )
            return int(mat.inserted_primary_key[0])  # type: ignore[index]

    async def equipe(
        self, chat: str, papel: str, osc_id: int | None = None, cras_id: int | None = None
    ) -> Conversa:
        """Alguém da equipe, ligado pelo convite nesta conversa do Telegram."""
        if papel == "osc" and osc_id is None:
            osc_id = await self.id_de(Osc)
        if papel == "cras" and cras_id is None:
            cras_id = await self.id_de(Cras, nome="CRAS Jardim Europa")
        async with transacao(self.banco) as c:
            convite = await criar_convite(c, Escopo(papel, osc_id, cras_id), AGORA)
        quem = self.conversa(chat)
        await quem.comando("start", convite.token)
        return quem

    async def outra_osc(self) -> int:
        async with transacao(self.banco) as c:
            r = await c.execute(sa.insert(Osc.__table__).values(nome="Outra OSC"))  # type: ignore[attr-defined]
            return int(r.inserted_primary_key[0])  # type: ignore[index]

    async def fila(self, chat: str) -> list[Saida]:
        """O que a fila de envio guarda para esta conversa, na ordem."""
        async with transacao(self.banco) as c:
            consulta = sa.select(Envio.conteudo).where(Envio.chat_id == chat).order_by(Envio.id)  # type: ignore[call-overload]
            return [saida_de_json(t) for t in (await c.execute(consulta)).scalars()]

    async def contar(self, tabela: type, **filtro: object) -> int:
        async with transacao(self.banco) as c:
            consulta = sa.select(sa.func.count()).select_from(tabela)
            for campo, valor in filtro.items():
                consulta = consulta.where(getattr(tabela, campo) == valor)
            return int((await c.execute(consulta)).scalar_one())

    async def pedidos(self) -> list[PedidoAjuda]:
        async with transacao(self.banco) as c:
            linhas = (await c.execute(sa.select(PedidoAjuda.__table__))).all()  # type: ignore[attr-defined]
            return [PedidoAjuda(**linha._mapping) for linha in linhas]

    async def mensagens(self) -> list[tuple[int | None, str]]:
        async with transacao(self.banco) as c:
            t = MensagemAjuda.__table__  # type: ignore[attr-defined]
            linhas = (await c.execute(sa.select(t.c.membro_id, t.c.texto).order_by(t.c.id))).all()
            return [(m, texto) for m, texto in linhas]

    async def auditoria(self) -> list[tuple[str, str]]:
        async with transacao(self.banco) as c:
            t = Auditoria.__table__  # type: ignore[attr-defined]
            linhas = (await c.execute(sa.select(t.c.acao, t.c.alvo))).all()
            return [(str(acao), str(alvo)) for acao, alvo in linhas]


@pytest.fixture
async def cena(sessoes: async_sessionmaker[AsyncSession]) -> Cena:
    await semear_programa(sessoes, AGORA.date())
    relogio = Relogio()
    banco = sessoes.kw["bind"]
    return Cena(banco, criar_motor_de_conversa(banco, relogio=relogio), relogio)
