"""Fila de envio (outbox): gravar, reivindicar e registrar o resultado de cada envio.

Nada aqui faz commit (a unidade de trabalho, ARQUITETURA §4): tudo roda na transação de
quem chama. `reivindicar` é o caso delicado: a posse de uma linha precisa estar gravada
antes de a mensagem sair, senão outro despachante a pega também; por isso o despachante
(`bot.despachante`) a chama numa transação curta só dela e confirma antes de enviar.

As marcas de resultado só valem se a linha ainda está 'enviando' e arrendada pelo mesmo
`dono`: um despachante cujo arrendamento venceu (e outro já pegou a linha) não sobrescreve
o resultado do novo dono.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import tempo
from armazenamento.modelos import Envio, Inalcancavel

_E = Envio.__table__  # type: ignore[attr-defined]
_I = Inalcancavel.__table__  # type: ignore[attr-defined]
_INSERIR = {"sqlite": insert_sqlite, "postgresql": insert_pg}

MAX_ERRO = 300  # cabe em `ultimo_erro`; o erro é um código curto, nunca texto da mensagem
MAX_MOTIVO = 200


@dataclass(frozen=True, slots=True)
class Reivindicado:
    """Uma linha que este despachante arrendou e deve enviar agora."""

    id: int
    canal: str
    chat_id: str
    conteudo: str
    chave: str
    tentativas: int


def _inserir(conexao: AsyncConnection) -> Any:
    return _INSERIR[conexao.dialect.name]


async def enfileirar(
    conexao: AsyncConnection,
    canal: str,
    chat_id: str,
    conteudo: str,
    chave: str,
    devido_em: datetime,
) -> bool:
    """Grava o envio na transação da mudança que o causou; a `chave` repetida não duplica.

    Devolve se a linha foi criada agora (falso: já existia com essa chave).
    """
    consulta = (
        _inserir(conexao)(_E)
        .values(
            canal=canal,
            chat_id=chat_id,
            conteudo=conteudo,
            chave=chave,
            estado="pendente",
            tentativas=0,
            proxima_em=devido_em,
            arrendada_por="",
            id_provedor="",
            ultimo_erro="",
            criado_em=tempo.agora(),
        )
        .on_conflict_do_nothing(index_elements=["chave"])
        .returning(_E.c.id)
    )
    return (await conexao.execute(consulta)).first() is not None


def _devidas(canal: str, agora: datetime) -> Any:
    """Pendentes vencidas, ou 'enviando' com arrendamento vencido (despachante que caiu),
    de quem não está marcado como inalcançável."""
    alcancavel = ~exists().where(_I.c.canal == _E.c.canal, _I.c.chat_id == _E.c.chat_id)
    return and_(
        _E.c.canal == canal,
        or_(
            and_(_E.c.estado == "pendente", _E.c.proxima_em <= agora),
            and_(_E.c.estado == "enviando", _E.c.arrendada_ate < agora),
        ),
        alcancavel,
    )


_RETORNO = (
    _E.c.id,
    _E.c.canal,
    _E.c.chat_id,
    _E.c.conteudo,
    _E.c.chave,
    _E.c.tentativas,
    _E.c.proxima_em,
)


def _instrucao_reivindicar(
    dialeto: str, canal: str, limite: int, agora: datetime, prazo: timedelta, dono: str
) -> Any:
    """PostgreSQL: FOR UPDATE SKIP LOCKED, para vários despachantes não se esperarem.
    SQLite: um só UPDATE … RETURNING (o SQLAlchemy ignora SKIP LOCKED lá; a trava de
    escrita do arquivo já serializa os despachantes)."""
    alvo = select(_E.c.id).where(_devidas(canal, agora)).order_by(_E.c.proxima_em, _E.c.id)
    alvo = alvo.limit(limite)
    novos = {
        "estado": "enviando",
        "arrendada_ate": agora + prazo,
        "arrendada_por": dono,
        "tentativas": _E.c.tentativas + 1,
    }
    if dialeto == "postgresql":
        cte = alvo.with_for_update(skip_locked=True, of=_E).cte("alvo")
        return update(_E).where(_E.c.id == cte.c.id).values(novos).returning(*_RETORNO)
    return update(_E).where(_E.c.id.in_(alvo)).values(novos).returning(*_RETORNO)


async def reivindicar(
    conexao: AsyncConnection,
    canal: str,
    limite: int,
    agora: datetime,
    prazo: timedelta,
    dono: str,
) -> list[Reivindicado]:
    """Arrenda até `limite` envios devidos do canal, em ordem de vencimento.

    Não confirma: só depois do commit de quem chama é seguro enviar (a posse gravada).
    Quem chama usa uma transação só para isto, curta: a trava de escrita (SQLite) ou das
    linhas (PostgreSQL) não fica presa enquanto as mensagens saem. Cada reivindicação
    conta uma tentativa, mesmo a de um arrendamento vencido (o envio pode ter saído antes
    da queda).
    """
    if limite <= 0:
        return []
    instrucao = _instrucao_reivindicar(conexao.dialect.name, canal, limite, agora, prazo, dono)
    linhas = (await conexao.execute(instrucao)).all()
    # RETURNING não garante ordem: a do vencimento é a que a fila prometeu
    ordenadas = sorted(linhas, key=lambda linha: (linha.proxima_em, linha.id))
    return [Reivindicado(*linha[:6]) for linha in ordenadas]


def _curto(texto: str, maximo: int = MAX_ERRO) -> str:
    return texto[:maximo]


async def _marcar(conexao: AsyncConnection, id: int, dono: str, valores: dict[str, Any]) -> bool:
    """Só o dono atual do arrendamento registra o resultado."""
    consulta = (
        update(_E)
        .where(_E.c.id == id, _E.c.estado == "enviando", _E.c.arrendada_por == dono)
        .values(valores)
        .returning(_E.c.id)
    )
    return (await conexao.execute(consulta)).first() is not None


async def marcar_enviada(
    conexao: AsyncConnection, id: int, dono: str, id_provedor: str, agora: datetime
) -> bool:
    valores = {
        "estado": "enviada",
        "id_provedor": _curto(id_provedor, 80),
        "enviado_em": agora,
        "arrendada_ate": None,
        "ultimo_erro": "",
    }
    return await _marcar(conexao, id, dono, valores)


async def reagendar(
    conexao: AsyncConnection,
    id: int,
    dono: str,
    quando: datetime,
    erro: str,
    *,
    devolver_tentativa: bool = False,
) -> bool:
    """Volta a 'pendente' para tentar em `quando` (429, 5xx, conexão caída).

    `devolver_tentativa`: o 429 não é falha do envio, só o limite do canal; não deve
    gastar as tentativas que levam a 'falhou'.
    """
    valores: dict[str, Any] = {
        "estado": "pendente",
        "proxima_em": quando,
        "arrendada_ate": None,
        "arrendada_por": "",
        "ultimo_erro": _curto(erro),
    }
    if devolver_tentativa:
        valores["tentativas"] = _E.c.tentativas - 1
    return await _marcar(conexao, id, dono, valores)


async def marcar_falha(conexao: AsyncConnection, id: int, dono: str, erro: str) -> bool:
    """Desiste da linha (tentativas esgotadas, 400, 403): fica visível para a equipe."""
    valores = {"estado": "falhou", "arrendada_ate": None, "ultimo_erro": _curto(erro)}
    return await _marcar(conexao, id, dono, valores)


async def marcar_incerta(conexao: AsyncConnection, id: int, dono: str, erro: str) -> bool:
    """A requisição saiu e a resposta não veio: talvez tenha chegado. Não se reenvia às
    cegas (o Telegram não tem chave de idempotência); a equipe decide."""
    valores = {"estado": "incerta", "arrendada_ate": None, "ultimo_erro": _curto(erro)}
    return await _marcar(conexao, id, dono, valores)


async def marcar_inalcancavel(
    conexao: AsyncConnection, canal: str, chat_id: str, motivo: str, agora: datetime
) -> int:
    """Quem bloqueou o bot (403) sai da fila: registra e falha as pendentes dessa pessoa
    nesse canal. Devolve quantas linhas pendentes falharam.

    A linha que recebeu o 403 está 'enviando': o dono dela a marca com `marcar_falha`.
    """
    registro = (
        _inserir(conexao)(_I)
        .values(canal=canal, chat_id=chat_id, desde=agora, motivo=_curto(motivo, MAX_MOTIVO))
        .on_conflict_do_nothing(index_elements=["canal", "chat_id"])
    )
    await conexao.execute(registro)
    pendentes = (
        update(_E)
        .where(_E.c.canal == canal, _E.c.chat_id == chat_id, _E.c.estado == "pendente")
        .values(estado="falhou", ultimo_erro="inalcançável")
        .returning(_E.c.id)
    )
    return len((await conexao.execute(pendentes)).all())


async def voltou_a_escrever(conexao: AsyncConnection, canal: str, chat_id: str) -> bool:
    """Quem escreve pelo canal recebe por ele de novo: apaga a marca de inalcançável (na
    transação da entrada). As linhas que já falharam ficam como estão (a equipe já foi
    avisada); as novas saem. Devolve se havia marca."""
    apagar = delete(_I).where(_I.c.canal == canal, _I.c.chat_id == chat_id).returning(_I.c.canal)
    return (await conexao.execute(apagar)).first() is not None


async def contagens(conexao: AsyncConnection, canal: str | None = None) -> dict[str, int]:
    """Quantas linhas em cada estado (para `inclusao saida`)."""
    consulta = select(_E.c.estado, func.count()).group_by(_E.c.estado)
    if canal is not None:
        consulta = consulta.where(_E.c.canal == canal)
    return {estado: int(total) for estado, total in (await conexao.execute(consulta)).all()}


_MARCAR_ENVIADA = (
    update(_E)
    .where(
        _E.c.id == bindparam("b_id"),
        _E.c.estado == "enviando",
        _E.c.arrendada_por == bindparam("b_dono"),
    )
    .values(
        estado="enviada",
        id_provedor=bindparam("b_provedor"),
        enviado_em=bindparam("b_quando"),
        arrendada_ate=None,
        ultimo_erro="",
    )
)


async def marcar_enviadas(
    conexao: AsyncConnection, dono: str, linhas: list[tuple[int, str, datetime]]
) -> None:
    """`marcar_enviada` para um lote inteiro (id, id do provedor, quando) num executemany:
    uma ida ao banco por linha limitava a vazão. Só o dono atual do arrendamento grava."""
    if linhas:
        parametros = [
            {"b_id": i, "b_dono": dono, "b_provedor": p[:80], "b_quando": q} for i, p, q in linhas
        ]
        await conexao.execute(_MARCAR_ENVIADA, parametros)


async def trocar_conteudos(conexao: AsyncConnection, linhas: list[tuple[int, str]]) -> None:
    """Troca o conteúdo de linhas já enviadas (id, conteúdo novo): o despachante tira daí o
    arquivo anexado (ex.: a planilha de uma OSC), que não precisa ficar guardado depois
    de entregue (ARQUITETURA.md §8)."""
    if linhas:
        trocar = update(_E).where(_E.c.id == bindparam("b_id"))
        await conexao.execute(
            trocar.values(conteudo=bindparam("b_conteudo")),
            [{"b_id": i, "b_conteudo": c} for i, c in linhas],
        )


async def ultimo_id(conexao: AsyncConnection) -> int:
    """O id do envio mais novo (0 sem nenhum): um marco para saber o que chegou depois."""
    return int((await conexao.execute(select(func.max(_E.c.id)))).scalar() or 0)


async def quantos_depois(conexao: AsyncConnection, canal: str, chat_id: str, marco: int) -> int:
    """Quantos envios para esta conversa nasceram depois do marco (`ultimo_id`)."""
    consulta = select(func.count()).where(
        _E.c.canal == canal, _E.c.chat_id == chat_id, _E.c.id > marco
    )
    return int((await conexao.execute(consulta)).scalar_one())
