"""R5 e R7 (capacidade) em tabelas: vagas a convocar, reposição, resposta e lembrete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from armazenamento.tempo import FUSO
from fluxos.ajustes import LEMBRAR_ANTES
from fluxos.convocacao.regras import (
    Decisao,
    GrupoR10,
    chamar_r10,
    decidir,
    deve_lembrar,
    fim_do_prazo,
    hora_de_avisar,
    ordem_r10,
    reposicoes,
    vagas_para_convocar,
)
from fluxos.regras.ids import ler_id, ler_ids

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)
DEPOIS = AGORA + timedelta(days=1)
ANTES = AGORA - timedelta(seconds=1)


@pytest.mark.parametrize(
    ("capacidade", "matriculados", "pendentes", "vagas"),
    [
        (15, 0, 0, 15),
        (15, 10, 2, 3),
        (15, 10, 5, 0),
        (15, 15, 0, 0),
        (15, 14, 3, 0),  # mais convocados que vagas (capacidade reduzida): nunca negativo
        (15, 16, 0, 0),
        (0, 0, 0, 0),
    ],
)
def test_r5_r7_vagas_para_convocar(
    capacidade: int, matriculados: int, pendentes: int, vagas: int
) -> None:
    assert vagas_para_convocar(capacidade, matriculados, pendentes) == vagas


@pytest.mark.parametrize(
    ("liberadas", "capacidade", "matriculados", "pendentes", "chamar"),
    [
        (1, 15, 10, 4, 1),  # uma recusa: uma pessoa no lugar
        (3, 15, 10, 2, 3),  # três prazos vencidos
        (3, 15, 13, 1, 1),  # só uma vaga descoberta
        (1, 15, 15, 0, 0),  # turma cheia
        (0, 15, 0, 0, 0),  # nada liberado: a OSC convocou aos poucos, não se completa sozinho
        (-1, 15, 0, 0, 0),
    ],
)
def test_r5_reposicao_uma_por_vaga_liberada(
    liberadas: int, capacidade: int, matriculados: int, pendentes: int, chamar: int
) -> None:
    assert reposicoes(liberadas, capacidade, matriculados, pendentes) == chamar


# situação, prazo, quer, tem_vaga, tem_data, matrícula ativa → decisão
CASOS = [
    ("pendente", DEPOIS, True, True, True, False, Decisao.CONFIRMAR),
    ("pendente", DEPOIS, False, True, True, False, Decisao.RECUSAR),
    ("pendente", DEPOIS, False, False, False, False, Decisao.RECUSAR),  # recusar sempre pode
    ("pendente", DEPOIS, True, False, True, False, Decisao.LOTADA),
    ("pendente", DEPOIS, True, True, False, False, Decisao.SEM_DATA),
    ("pendente", DEPOIS, True, False, False, False, Decisao.SEM_DATA),
    ("pendente", AGORA, True, True, True, False, Decisao.PRAZO_ACABOU),  # prazo exato: acabou
    ("pendente", ANTES, False, True, True, False, Decisao.PRAZO_ACABOU),
    ("expirada", DEPOIS, True, True, True, False, Decisao.PRAZO_ACABOU),
    ("confirmada", DEPOIS, True, True, True, True, Decisao.JA_CONFIRMADA),
    ("confirmada", ANTES, False, True, True, True, Decisao.JA_CONFIRMADA),
    ("confirmada", DEPOIS, True, True, True, False, Decisao.MATRICULA_CANCELADA),
    ("recusada", DEPOIS, True, True, True, False, Decisao.JA_RECUSADA),
    ("recusada", DEPOIS, False, True, True, False, Decisao.JA_RECUSADA),
    ("cancelada", DEPOIS, True, True, True, False, Decisao.ENCERRADA),
    ("desconhecida", DEPOIS, True, True, True, False, Decisao.PRAZO_ACABOU),
]


@pytest.mark.parametrize(
    ("situacao", "prazo", "quer", "tem_vaga", "tem_data", "ativa", "decisao"), CASOS
)
def test_r5_resposta_a_convocacao(
    situacao: str,
    prazo: datetime,
    quer: bool,
    tem_vaga: bool,
    tem_data: bool,
    ativa: bool,
    decisao: Decisao,
) -> None:
    resultado = decidir(
        situacao, prazo, AGORA, quer, tem_vaga=tem_vaga, tem_data=tem_data, matricula_ativa=ativa
    )
    assert resultado is decisao
    assert resultado.muda == (decisao in (Decisao.CONFIRMAR, Decisao.RECUSAR, Decisao.LOTADA))


DIA = timedelta(days=1)


@pytest.mark.parametrize(
    ("prazo", "criada_em", "lembrada", "lembrar"),
    [
        (AGORA + DIA, AGORA - 2 * DIA, False, True),  # chegou a hora
        (AGORA + DIA + timedelta(minutes=1), AGORA - 2 * DIA, False, False),  # ainda não
        (AGORA + timedelta(minutes=1), AGORA - 2 * DIA, False, True),  # quase no fim
        (AGORA, AGORA - 3 * DIA, False, False),  # venceu: expira, não lembra
        (AGORA + DIA, AGORA - 2 * DIA, True, False),  # uma vez só
        (AGORA + timedelta(hours=12), AGORA - timedelta(hours=11), False, False),  # chamada
        # já dentro da janela de lembrete (prazo curto): sem lembrete
    ],
)
def test_r5_lembrete_uma_vez_antes_do_prazo(
    prazo: datetime, criada_em: datetime, lembrada: bool, lembrar: bool
) -> None:
    assert deve_lembrar(prazo, criada_em, AGORA, DIA, lembrada) is lembrar


@pytest.mark.parametrize(
    ("texto", "numero"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("0", None),
        ("-3", None),
        ("", None),
        ("1.5", None),
        ("١٢", None),  # dígitos arábicos: isdigit() aceitaria
        ("12abc", None),
    ],
)
def test_r5_id_do_botao(texto: str, numero: int | None) -> None:
    assert ler_id(texto) == numero


@pytest.mark.parametrize(
    ("argumento", "quantos", "ids"),
    [
        ("12 3", 2, [12, 3]),
        ("12 3 extra", 2, [12, 3]),  # o que sobra depois não importa
        ("12", 2, None),  # falta um
        ("12 x", 2, None),
        ("0 1", 2, None),
        ("", 1, None),
        ("²", 1, None),  # "dígito" que não é ASCII
    ],
)
def test_ids_de_botao(argumento: str, quantos: int, ids: list[int] | None) -> None:
    assert ler_ids(argumento, quantos) == ids


def _bauru(dia: int, hora: int, minuto: int = 0, segundo: int = 0) -> datetime:
    return datetime(2027, 1, dia, hora, minuto, segundo, tzinfo=FUSO)


@pytest.mark.parametrize(
    ("convocada", "dias", "ultimo_dia"),
    [
        (_bauru(10, 12), 3, 13),  # domingo 12h, 3 dias: até quarta 23h59 (não 12h)
        (_bauru(11, 0, 3), 3, 14),  # segunda 0h03: até quinta 23h59 (não "às 0h03")
        (_bauru(10, 23, 30), 3, 13),
        (_bauru(10, 22), 3, 13),  # 22h em Bauru já é segunda em UTC: vale o dia de Bauru
        (_bauru(10, 12), 1, 11),
        (_bauru(10, 12), 7, 17),
    ],
)
def test_r5_prazo_acaba_no_fim_do_ultimo_dia_em_bauru(
    convocada: datetime, dias: int, ultimo_dia: int
) -> None:
    prazo = fim_do_prazo(convocada.astimezone(UTC), timedelta(days=dias))
    assert prazo == _bauru(ultimo_dia, 23, 59, 59)
    assert prazo.tzinfo is UTC


@pytest.mark.parametrize(
    ("agora", "criada_em", "lembrar"),
    [
        (_bauru(12, 8, 59), _bauru(10, 12), False),  # terça 8h59: cedo
        (_bauru(12, 9), _bauru(10, 12), True),  # terça 9h: véspera do último dia
        (_bauru(13, 23, 59), _bauru(10, 12), True),  # quarta 23h59: ainda dá
        (_bauru(14, 0), _bauru(10, 12), False),  # quinta 0h: venceu, expira
        (_bauru(12, 10), _bauru(12, 9, 30), False),  # chamada já na janela do lembrete
    ],
)
def test_r5_lembrete_vai_na_vespera_do_ultimo_dia_de_manha(
    agora: datetime, criada_em: datetime, lembrar: bool
) -> None:
    prazo = _bauru(13, 23, 59, 59)  # quarta-feira
    assert deve_lembrar(prazo, criada_em, agora, LEMBRAR_ANTES, False) is lembrar


@pytest.mark.parametrize(
    ("agora", "avisa"),
    [
        (_bauru(14, 0), False),  # meia-noite: o prazo acabou, o aviso espera
        (_bauru(14, 7, 59), False),
        (_bauru(14, 8), True),
        (_bauru(14, 12), True),
        (_bauru(14, 19, 59), True),
        (_bauru(14, 20), False),
        (_bauru(14, 23, 59), False),
    ],
)
def test_r5_avisos_automaticos_so_de_dia_em_bauru(agora: datetime, avisa: bool) -> None:
    assert hora_de_avisar(agora.astimezone(UTC)) is avisa


# R10: (turno da turma, vagas a convocar por turno nas turmas do curso, lista do CRAS como
# (posição, turno escolhido)) → posições na ordem em que a turma chama.
MISTA = [(1, "manha"), (2, "tarde"), (3, "noite"), (4, "tarde"), (5, "manha")]


@pytest.mark.parametrize(
    ("turno", "vagas", "lista", "chamadas"),
    [
        # a turma da tarde chama primeiro quem quer tarde; manhã e noite ainda têm vaga: esperam
        ("tarde", {"manha": 3, "tarde": 5, "noite": 2}, MISTA, [2, 4]),
        # a manhã lotou (vagas 0): quem quer manhã vem depois de quem quer tarde
        ("tarde", {"manha": 0, "tarde": 5, "noite": 2}, MISTA, [2, 4, 1, 5]),
        # o curso não tem turma à noite: quem quer noite entra no fim, na ordem do CRAS
        ("tarde", {"manha": 3, "tarde": 5}, MISTA, [2, 4, 3]),
        # só há a turma da tarde: todos, quem quer tarde primeiro, depois a ordem do CRAS
        ("tarde", {"tarde": 5}, MISTA, [2, 4, 1, 3, 5]),
        # a própria turma lotada não muda a ordem (quem chama confere as vagas antes)
        ("manha", {"manha": 0, "tarde": 0}, MISTA, [1, 5, 2, 3, 4]),
        ("manha", {"manha": 4, "tarde": 1}, MISTA, [1, 5, 3]),
        # ninguém escolheu o turno da turma e os outros turnos têm vaga: ninguém a chamar
        ("noite", {"manha": 1, "tarde": 1, "noite": 9}, [(1, "manha"), (2, "tarde")], []),
        ("noite", {"noite": 9}, [(1, "manha"), (2, "tarde")], [1, 2]),
        # vagas negativas (capacidade reduzida) contam como nenhuma
        ("tarde", {"manha": -2, "tarde": 3}, MISTA, [2, 4, 1, 3, 5]),
        ("manha", {}, [], []),
    ],
)
def test_r10_turma_chama_primeiro_quem_escolheu_o_turno_dela(
    turno: str, vagas: dict[str, int], lista: list[tuple[int, str]], chamadas: list[int]
) -> None:
    assert chamar_r10(ordem_r10(turno, vagas), lista) == chamadas


@pytest.mark.parametrize(
    ("turno_turma", "vagas", "escolhido", "grupo"),
    [
        ("manha", {"manha": 5}, "manha", GrupoR10.MESMO_TURNO),
        ("manha", {"manha": 0}, "manha", GrupoR10.MESMO_TURNO),
        ("manha", {"manha": 5, "tarde": 1}, "tarde", None),
        ("manha", {"manha": 5, "tarde": 0}, "tarde", GrupoR10.OUTRO_TURNO),
        ("manha", {"manha": 5}, "noite", GrupoR10.OUTRO_TURNO),
    ],
)
def test_r10_grupo_de_cada_pessoa(
    turno_turma: str, vagas: dict[str, int], escolhido: str, grupo: GrupoR10 | None
) -> None:
    assert ordem_r10(turno_turma, vagas).grupo(escolhido) is grupo
