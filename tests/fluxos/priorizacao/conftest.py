"""Um território com gente para priorizar (R4): o cadastro pequeno de `tests.dados` mais
uma 2ª OSC com o seu curso (para ver a lista se dividir entre OSCs) e pré-inscrições com
situações prioritárias (R2) em datas diferentes.

O relógio começa com a pré-inscrição aberta (10/01/2027; vai até 06/02) e pode ser
passado para depois do fim (`relogio.fechar()`), quando o envio é permitido.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao, unidade_de_trabalho
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import (
    Bairro,
    Ciclo,
    Cras,
    Curso,
    Envio,
    Osc,
    PreInscricao,
    Turma,
)
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA

FECHADO = datetime(2027, 2, 10, 15, 0, tzinfo=UTC)  # a pré-inscrição acabou em 06/02

# nome, cras, bairro, prioridades, dia de janeiro da inscrição, cursos, turno, cpf, social
PESSOAS: list[tuple[str, str, str, str, int, tuple[str, ...], str, str | None, str]] = [
    ("Ana Lima", "Europa", "Jardim Europa", "", 7, ("Confeitaria",), "manha", "11144477735", ""),
    (
        "Bruno Souza",
        "Europa",
        "Vila Falcão",
        "X,V",
        9,
        ("Marcenaria", "Confeitaria"),
        "tarde",
        "52998224725",
        "",
    ),
    (
        "Carla Dias",
        "Europa",
        "Jardim Bela Vista",
        "I",
        8,
        ("Corte e costura",),
        "noite",
        "39053344705",
        "Cacá Dias",
    ),
    ("Davi Reis", "Europa", "Jardim Europa", "", 8, ("Informática básica",), "manha", None, ""),
    ("Eva Prado", "Europa", "Vila Falcão", "III", 10, ("Confeitaria",), "tarde", "86288366757", ""),
    ("Fabio Melo", "Europa", "Jardim Europa", "", 11, ("Marcenaria",), "noite", "71428793860", ""),
    (
        "Gabi Nunes",
        "Europa",
        "Jardim Europa",
        "IV,XI",
        12,
        ("Informática básica", "Corte e costura"),
        "manha",
        "16899535009",
        "",
    ),
    ("Hugo Alves", "Esperança", "Nova Esperança", "X", 8, ("Confeitaria",), "tarde", None, ""),
]
# R4 com pesos padrão (1 cada): pontos, depois a ordem de inscrição
ORDEM_EUROPA = ["Bruno", "Gabi", "Carla", "Eva", "Ana", "Davi", "Fabio"]


@dataclass
class Relogio:
    agora: datetime = AGORA

    def __call__(self) -> datetime:
        return self.agora

    def fechar(self) -> None:
        self.agora = FECHADO


@dataclass
class Semente:
    cras: dict[str, int] = field(default_factory=dict)  # "Europa", "Esperança", "Tibiriçá"
    osc: dict[str, int] = field(default_factory=dict)  # "Esperança", "Aurora"
    cursos: dict[str, int] = field(default_factory=dict)
    pre: dict[str, int] = field(default_factory=dict)  # 1º nome → id


async def semear_priorizacao(sessoes: async_sessionmaker[AsyncSession]) -> Semente:
    """Depois de `semear_programa`: a 2ª OSC com Marcenaria e as pré-inscrições."""
    s = Semente()
    async with unidade_de_trabalho(sessoes) as sessao:
        ciclo = (await sessao.execute(sa.select(Ciclo))).scalar_one()
        aurora = Osc(nome="Instituto Aurora")
        sessao.add(aurora)
        await sessao.flush()
        marcenaria = Curso(nome="Marcenaria", osc_id=aurora.id or 0)
        sessao.add(marcenaria)
        await sessao.flush()
        sessao.add(
            Turma(codigo="T9", ciclo_id=ciclo.id or 0, curso_id=marcenaria.id or 0, turno="noite")
        )
        for cras in (await sessao.execute(sa.select(Cras))).scalars():
            s.cras[cras.nome.split()[-1]] = cras.id or 0
        for osc in (await sessao.execute(sa.select(Osc))).scalars():
            s.osc[osc.nome.split()[-1]] = osc.id or 0
        for curso in (await sessao.execute(sa.select(Curso))).scalars():
            s.cursos[curso.nome] = curso.id or 0
        bairros = {b.nome: b.id for b in (await sessao.execute(sa.select(Bairro))).scalars()}
        for nome, cras, bairro, prioridades, dia, cursos, turno, cpf, social in PESSOAS:
            pre = PreInscricao(
                ciclo_id=ciclo.id or 0,
                nome=nome,
                nome_social=social,
                nascimento=date(1990 + dia, 3, 1),
                cpf=cpf,
                telefone=f"149912345{dia:02d}",
                bairro_id=bairros[bairro],
                cras_id=s.cras[cras],
                prioridades=prioridades,
                curso1_id=s.cursos[cursos[0]],
                curso2_id=s.cursos[cursos[1]] if len(cursos) > 1 else None,
                turno=turno,
                escolaridade="medio_completo",
                aviso_versao="1",
                criada_em=datetime(2027, 1, dia, 12, 0, tzinfo=UTC),
            )
            sessao.add(pre)
            await sessao.flush()
            s.pre[nome.split()[0]] = pre.id or 0
    return s


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def semente(sessoes: async_sessionmaker[AsyncSession]) -> Semente:
    await semear_programa(sessoes, AGORA.date())
    return await semear_priorizacao(sessoes)


@pytest.fixture
def motor(sessoes: async_sessionmaker[AsyncSession], semente: Semente, relogio: Relogio) -> Motor:
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)


Entrar = Callable[..., Awaitable[Conversa]]


@pytest.fixture
def entrar(motor: Motor) -> Entrar:
    """entrar("cras", "901", cras_id=1) → a conversa já ligada ao papel pelo convite."""

    async def ligar(papel: str, chat_id: str, canal: str = "teste", **escopo: int) -> Conversa:
        async with transacao(motor.banco) as conexao:
            convite = await criar_convite(
                conexao, Escopo(papel, **escopo), AGORA, timedelta(days=90)
            )
        conversa = Conversa(motor, chat_id=chat_id, canal=canal)
        saidas = await conversa.comando("start", convite.token)
        assert "Pronto!" in saidas[0].texto
        return conversa

    return ligar


@pytest.fixture
async def tecnica_europa(entrar: Entrar, semente: Semente) -> Conversa:
    return await entrar("cras", "901", cras_id=semente.cras["Europa"])


# ----- ler o que ficou no banco ---------------------------------------------------------


async def contar(banco: AsyncEngine, tabela: str) -> int:
    async with transacao(banco) as conexao:
        return int((await conexao.execute(sa.text(f"SELECT count(*) FROM {tabela}"))).scalar_one())


async def envios(banco: AsyncEngine) -> list[tuple[str, str, str, Saida]]:
    """(canal, chat_id, chave, saida) de cada linha da fila, por id."""
    async with transacao(banco) as conexao:
        linhas = await conexao.execute(
            sa.select(Envio.canal, Envio.chat_id, Envio.chave, Envio.conteudo).order_by(Envio.id)
        )
        return [(c, chat, chave, saida_de_json(conteudo)) for c, chat, chave, conteudo in linhas]


def abrir_planilha(dados: bytes) -> list[dict[str, Any]]:
    """As linhas da tabela como dicionários (cabeçalho → valor), abertas com openpyxl.
    A tabela começa no cabeçalho com filtro (acima dele fica o bloco de título)."""
    folha = load_workbook(BytesIO(dados)).active
    assert folha is not None
    inicio = int("".join(c for c in folha.auto_filter.ref.split(":")[0] if c.isdigit()))
    linhas = list(folha.iter_rows(min_row=inicio, values_only=True))
    cabecalho = [str(c) for c in linhas[0]]
    return [dict(zip(cabecalho, linha, strict=True)) for linha in linhas[1:]]


def sem_segredos(saida: Saida) -> str:
    """O conteúdo da fila como texto (para procurar o que não pode estar lá)."""
    return json.dumps([saida.texto, [b.valor for b in saida.botoes]], ensure_ascii=False)


async def aprovar_e_enviar(tecnica: Conversa, cras_id: int) -> list[Saida]:
    """O caminho curto: confirmação e "Enviar" (o relógio já deve estar fechado)."""
    await tecnica.aperta(f"cmd:priorizar_aprovar {cras_id}")
    return await tecnica.toca("Enviar")
