"""O alerta de evasão visto pela própria pessoa (R17): a mensagem de cuidado e as respostas
"Quero continuar" e "Vou desistir". Só o alerta de uma matrícula desta conversa responde:
um botão encaminhado por outra pessoa não acha nada. Nada faz commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Curso, Envio, Matricula, Osc, PreInscricao, Turma
from armazenamento.modelos_acessuas import Desistencia
from armazenamento.modelos_alertas import EM_ABERTO, Alerta

_A = Alerta.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_D = Desistencia.__table__  # type: ignore[attr-defined]
_E = Envio.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PessoaDoAlerta:
    """Para quem vai a mensagem de cuidado e como a turma a chama."""

    nome: str
    curso: str
    turma: str
    canal: str
    chat_id: str


@dataclass(frozen=True, slots=True)
class AlertaDaPessoa:
    id: int
    matricula_id: int
    situacao: str
    matricula_ativa: bool


def _da_conversa(canal: str, chat_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(_P.c.canal == canal, _P.c.chat_id == chat_id)


async def alerta_da_conversa(
    conexao: AsyncConnection, canal: str, chat_id: str, alerta_id: int
) -> AlertaDaPessoa | None:
    """O alerta do botão, só se é de uma matrícula desta conversa."""
    consulta = (
        sa.select(_A.c.id, _A.c.matricula_id, _A.c.situacao, _M.c.situacao == "ativa")
        .join(_M, _M.c.id == _A.c.matricula_id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_A.c.id == alerta_id, _da_conversa(canal, chat_id))
    )
    linha = (await conexao.execute(consulta)).first()
    return (
        AlertaDaPessoa(int(linha[0]), int(linha[1]), str(linha[2]), bool(linha[3]))
        if linha
        else None
    )


async def alerta_aberto(
    conexao: AsyncConnection, canal: str, chat_id: str, agora: datetime, sem_resposta: bool = False
) -> tuple[int, datetime] | None:
    """O alerta em aberto mais recente desta conversa: (id, aberto em). `sem_resposta`: só
    se a mensagem de cuidado ainda espera resposta (um "sim" solto responde a ela; depois
    de "vou desistir", "sim" não vira "quero continuar")."""
    del agora  # o alerta vale enquanto está aberto, não por prazo
    filtros = [_da_conversa(canal, chat_id), _A.c.situacao.in_(EM_ABERTO)]
    if sem_resposta:
        filtros.append(_A.c.resposta == "")
    consulta = (
        sa.select(_A.c.id, _A.c.aberto_em)
        .join(_M, _M.c.id == _A.c.matricula_id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(*filtros, _M.c.situacao == "ativa")
        .order_by(_A.c.aberto_em.desc(), _A.c.id.desc())
        .limit(1)
    )
    linha = (await conexao.execute(consulta)).first()
    return None if linha is None else (int(linha[0]), linha[1])


async def cuidado_sem_resposta(
    conexao: AsyncConnection, canal: str, chat_id: str, agora: datetime
) -> tuple[int, datetime] | None:
    """A mensagem de cuidado que ainda se responde digitando ("sim", "to bem")."""
    return await alerta_aberto(conexao, canal, chat_id, agora, sem_resposta=True)


async def responder(
    conexao: AsyncConnection, alerta_id: int, resposta: str, agora: datetime, motivo: str = ""
) -> bool:
    """Guarda a resposta da pessoa num alerta em aberto ("continuar", "desistir"); com
    `motivo`, ele passa a ser esse (a pessoa disse que sai). Falso: o alerta já fechou ou
    a resposta é a mesma de antes (o toque repetido não avisa a equipe de novo)."""
    valores: dict[str, object] = {"resposta": resposta, "respondido_em": agora}
    mudou = _A.c.resposta != resposta
    if motivo:
        valores["motivo"] = motivo
        mudou = sa.or_(mudou, _A.c.motivo != motivo)
    mudar = (
        sa.update(_A)
        .where(
            _A.c.id == alerta_id,
            _A.c.situacao.in_(EM_ABERTO),
            mudou,
        )
        .values(**valores)
        .returning(_A.c.id)
    )
    return (await conexao.execute(mudar)).scalar() is not None


async def aberto_da_matricula(conexao: AsyncConnection, matricula_id: int) -> int | None:
    consulta = sa.select(_A.c.id).where(
        _A.c.matricula_id == matricula_id, _A.c.situacao.in_(EM_ABERTO)
    )
    return (await conexao.execute(consulta)).scalar()


async def pessoa_da_matricula(conexao: AsyncConnection, matricula_id: int) -> PessoaDoAlerta:
    nome = sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome)
    consulta = (
        sa.select(nome, _CU.c.nome, _T.c.codigo, _P.c.canal, _P.c.chat_id)
        .select_from(_M)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .join(_T, _T.c.id == _M.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(_M.c.id == matricula_id)
    )
    return PessoaDoAlerta(*(await conexao.execute(consulta)).one())


@dataclass(frozen=True, slots=True)
class MatriculaDaConversa:
    """Uma matrícula desta conversa, para quem digita "desisto" ou "quero continuar" sem
    alerta aberto (R17) e para a frequência de quem já saiu (R19)."""

    id: int
    situacao: str
    turma: str
    curso: str
    osc_id: int
    osc: str
    desistencia_id: int | None
    encerrada_em: datetime | None


async def matriculas_da_conversa(
    conexao: AsyncConnection, canal: str, chat_id: str
) -> list[MatriculaDaConversa]:
    """As matrículas das pré-inscrições desta conversa, as mais novas primeiro."""
    consulta = (
        sa.select(
            _M.c.id,
            _M.c.situacao,
            _T.c.codigo,
            _CU.c.nome,
            _O.c.id,
            _O.c.nome,
            _D.c.id,
            _D.c.confirmada_em,
        )
        .select_from(_M)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .join(_T, _T.c.id == _M.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .join(_O, _O.c.id == _CU.c.osc_id)
        .outerjoin(_D, _D.c.matricula_id == _M.c.id)
        .where(_da_conversa(canal, chat_id))
        .order_by(_M.c.id.desc())
    )
    return [MatriculaDaConversa(*linha) for linha in (await conexao.execute(consulta)).all()]


async def avisos_de_resposta(conexao: AsyncConnection, alerta_id: int) -> int:
    """Quantos avisos de resposta deste alerta já estão na fila: o número da próxima
    mudança de ideia na chave do envio (cada mudança chega à equipe, R17)."""
    consulta = sa.select(sa.func.count()).where(_E.c.chave.like(f"alerta:{alerta_id}:resposta:%"))
    return int((await conexao.execute(consulta)).scalar_one())
