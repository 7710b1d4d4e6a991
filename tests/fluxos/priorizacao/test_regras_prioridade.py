"""R2/R4 como tabelas: pontos das situações, ordem da lista, motivo de cada posição e o
ciclo a priorizar. E a mesma ordem calculada no banco (a consulta que pagina a lista)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from armazenamento.acesso import Acesso, Vinculo
from armazenamento.banco import transacao
from armazenamento.priorizacao import pagina
from fluxos.ajustes import PESOS_PADRAO, ler_pesos
from fluxos.equipe.priorizacao_comum import explicar
from fluxos.motor import Motor
from fluxos.regras.prioridade import (
    Motivo,
    ciclo_da_priorizacao,
    codigos_de,
    motivo,
    ordenar,
    pode_enviar,
    pontos,
)
from tests.fluxos.priorizacao.conftest import ORDEM_EUROPA, Semente

GESTAO = Acesso((Vinculo(1, "gestao"),))


@pytest.mark.parametrize(
    ("guardado", "codigos"),
    [
        ("", ()),
        ("I,IV,XI", ("I", "IV", "XI")),
        ("XI,I", ("I", "XI")),  # na ordem de R2
        (" x , v ", ("V", "X")),  # espaço e minúscula
        ("I,I,II", ("I", "II")),  # repetido conta uma vez
        ("XII,ZZ,,I", ("I",)),  # código que não existe fica de fora
    ],
)
def test_r2_codigos_guardados(guardado: str, codigos: tuple[str, ...]) -> None:
    assert codigos_de(guardado) == codigos


@pytest.mark.parametrize(
    ("prioridades", "pesos", "esperado"),
    [
        ("", "", 0),
        ("I", "", 1),
        ("I,IV,XI", "", 3),
        ("X,V", "X=3,V=2", 5),
        ("X,V", "X=0", 1),  # peso zero: a situação não dá ponto
        ("II", "X=5", 1),  # só X mudou; II continua 1
        ("I,II,III,IV,V,VI,VII,VIII,IX,X,XI", "", 11),
    ],
)
def test_r4_pontos_somam_os_pesos_das_situacoes(
    prioridades: str, pesos: str, esperado: int
) -> None:
    assert pontos(prioridades, ler_pesos(pesos)) == esperado


@dataclass(frozen=True)
class Pre:
    id: int
    criada_em: datetime
    prioridades: str


def _dia(d: int, hora: int = 12) -> datetime:
    return datetime(2027, 1, d, hora, tzinfo=UTC)


CANDIDATAS = [
    Pre(1, _dia(7), ""),
    Pre(2, _dia(9), "X,V"),
    Pre(3, _dia(8), "I"),
    Pre(4, _dia(8), ""),
    Pre(5, _dia(10), "III"),
    Pre(6, _dia(8), "X"),
    Pre(7, _dia(8), "I"),  # mesmo instante que a 3: o número menor vem antes
]


@pytest.mark.parametrize(
    ("pesos", "ordem"),
    [
        ("", [2, 3, 6, 7, 5, 1, 4]),  # 2 pontos; 1 ponto (3, 6, 7 no mesmo instante); 0
        ("X=3", [2, 6, 3, 7, 5, 1, 4]),  # rua pesa 3: 2 (4 pts) e 6 (3 pts) sobem
        ("I=0,III=0,V=0,X=0", [1, 3, 4, 6, 7, 2, 5]),  # sem pesos: só a ordem de inscrição
    ],
)
def test_r4_ordem_por_pontos_e_depois_por_inscricao(pesos: str, ordem: list[int]) -> None:
    assert [c.id for c in ordenar(CANDIDATAS, ler_pesos(pesos))] == ordem


@pytest.mark.parametrize(
    ("prioridades", "pesos", "esperado"),
    [
        ("", "", Motivo(0, (), True)),
        ("X,V", "", Motivo(2, ("V", "X"), False)),
        ("X,V", "X=3", Motivo(4, ("X", "V"), False)),  # a de maior peso primeiro
        ("I", "I=0", Motivo(0, (), False)),
    ],
)
def test_r4_motivo_da_posicao(prioridades: str, pesos: str, esperado: Motivo) -> None:
    assert motivo(prioridades, ler_pesos(pesos)) == esperado


@pytest.mark.parametrize(
    ("prioridades", "pesos", "texto"),
    [
        ("", "", "sem situação prioritária; por ordem de inscrição"),
        ("X,V", "X=2", "3 pontos: situação de rua (X) e acolhimento (V)"),
        ("I", "", "1 ponto: isolamento (I)"),
        (
            "IV,XI,II",
            "",
            "3 pontos: trabalho infantil (II), fora da escola ou defasagem escolar (IV) e "
            "pessoa com deficiência (XI)",
        ),
        ("I", "I=0", "situações sem peso na priorização; por ordem de inscrição"),
    ],
)
def test_r4_motivo_em_palavras(prioridades: str, pesos: str, texto: str) -> None:
    assert explicar(motivo(prioridades, ler_pesos(pesos))) == texto


@dataclass(frozen=True)
class Ciclo:
    ano: int
    preinscricao_inicio: date
    preinscricao_fim: date


C26 = Ciclo(2026, date(2026, 1, 5), date(2026, 1, 31))
C27 = Ciclo(2027, date(2027, 1, 7), date(2027, 2, 6))


@pytest.mark.parametrize(
    ("hoje", "ciclo", "pode"),
    [
        (date(2026, 1, 4), None, False),  # nenhum começou
        (date(2026, 1, 10), C26, False),  # aberto: vê a lista, não envia
        (date(2026, 1, 31), C26, False),  # último dia ainda é aberto
        (date(2026, 2, 1), C26, True),
        (date(2027, 1, 6), C26, True),  # o de 2027 ainda não começou
        (date(2027, 1, 7), C27, False),
        (date(2027, 2, 7), C27, True),
    ],
)
def test_r4_ciclo_a_priorizar_e_quando_pode_enviar(
    hoje: date, ciclo: Ciclo | None, pode: bool
) -> None:
    achado = ciclo_da_priorizacao([C27, C26], hoje)
    assert achado == ciclo
    assert (achado is not None and pode_enviar(achado, hoje)) == pode


@pytest.mark.parametrize("pesos", ["", "X=3,V=2", "I=5,III=0", "XI=9"])
async def test_r4_ordem_do_banco_e_a_mesma_da_regra(
    motor: Motor, semente: Semente, pesos: str
) -> None:
    """A lista é paginada no banco; a conta de lá tem de bater com a regra pura."""
    tabela = ler_pesos(pesos)
    async with transacao(motor.banco) as conexao:
        p = await pagina(conexao, GESTAO, 1, semente.cras["Europa"], tabela, 1, 100)
    do_banco = [pessoa.id for pessoa in p.pessoas]
    assert do_banco == [c.id for c in ordenar(p.pessoas, tabela)]
    if not pesos:
        nomes = {v: k for k, v in semente.pre.items()}
        assert [nomes[i] for i in do_banco] == ORDEM_EUROPA
    assert PESOS_PADRAO["X"] == 1
