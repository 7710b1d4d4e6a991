"""O casador de escolhas digitadas, pergunta por pergunta: como as pessoas escrevem a
resposta em vez de tocar no botão (issue 8, item 2).

Cada linha: a pergunta (a de verdade, montada pelo passo do fluxo), o que a pessoa
digitou e a opção que isso escolhe (None: não casa; a pessoa recebe a explicação do passo
e nada muda).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import pytest

from fluxos.passos import Opcao, Pergunta
from fluxos.preinscricao import escolhas, identificacao, resumo
from fluxos.preinscricao.apoio import fechada, opcao, t
from fluxos.regras.escolha import NAO, SIM, casar_escolha, palavra_de_sim_ou_nao
from fluxos.regras.turnos import TURNOS
from mensagens.catalogo import texto
from tests.fluxos.regras.entradas_hostis import HOSTIS

# estes passos montam a pergunta sem ler o banco: do contexto, só o canal e o modo (R3)
SEM_CONTEXTO: Any = SimpleNamespace(canal="web", assistida=False)
ASSISTIDA: Any = SimpleNamespace(canal="web", assistida=True)


async def _telefone_assistida(ctx: Any) -> Pergunta:
    return await identificacao.perguntar_telefone(ASSISTIDA)


async def _turno(ctx: Any) -> Pergunta:
    """O passo do turno com os três turnos (o passo real oferece os que têm turma, R10)."""
    opcoes = [opcao(ctx, v, f"turno.{v}") for v in TURNOS]
    return fechada(Pergunta(t(ctx, "turno.pergunta"), opcoes))


# os cursos da demonstração (armazenamento/importacao/demo.toml), como o passo os oferece
CURSOS_DA_DEMO = [
    "Cabeleireiro(a)",
    "Confeitaria",
    "Corte e costura",
    "Elétrica residencial",
    "Informática básica",
    "Manicure e pedicure",
]


async def _curso(ctx: Any) -> Pergunta:
    opcoes = [Opcao(str(i), nome) for i, nome in enumerate(CURSOS_DA_DEMO, start=1)]
    return fechada(Pergunta(t(ctx, "curso1.pergunta"), opcoes))


async def _curso_assistida(ctx: Any) -> Pergunta:
    return await _curso(ASSISTIDA)


async def _tela_do_cras(ctx: Any) -> Pergunta:
    """A contagem do CRAS (`fluxos/equipe/priorizacao.py`): tela da equipe, fechada."""
    return Pergunta(
        "Lista do CRAS Jardim Europa",
        [
            Opcao("cmd:priorizar_lista 1 1", texto("priorizacao.botao.lista")),
            Opcao("cmd:priorizar_de_lado 1 1", texto("priorizacao.botao.de_lado")),
            Opcao("cmd:priorizar_aprovar 1", texto("priorizacao.botao.aprovar")),
        ],
        fechada=True,
    )


async def _lista_do_cras(ctx: Any) -> Pergunta:
    """A página 2 da lista do CRAS: o texto numera as pessoas, os botões não."""
    lado = [Opcao(f"cmd:priorizar_lado {n}", f"Pôr de lado {n}") for n in (6, 7)]
    resto = [
        Opcao("cmd:priorizar 1", texto("priorizacao.botao.resumo")),
        Opcao("cmd:priorizar_aprovar 1", texto("priorizacao.botao.aprovar")),
    ]
    return Pergunta("6. Davi Reis…", [*lado, *resto], numerar=False, fechada=True)


async def _busca(ctx: Any) -> Pergunta:
    """A busca da equipe: pergunta aberta (o nome digitado é o que procurar)."""
    return Pergunta(texto("busca.pergunta"), [Opcao("sair", texto("busca.botao.sair"))], False)


PERGUNTAS: dict[str, Callable[[Any], Awaitable[Pergunta]]] = {
    "aviso": identificacao.perguntar_aviso,
    "aviso_completo": identificacao.perguntar_aviso_completo,
    "nome_social": identificacao.perguntar_nome_social,
    "cpf": identificacao.perguntar_cpf,
    "telefone_assistida": _telefone_assistida,
    "prioridade": escolhas.perguntar_prioridade,
    "turno": _turno,
    "escolaridade": escolhas.perguntar_escolaridade,
    "corrigir": resumo.perguntar_corrigir,
    "curso": _curso,
    "curso_assistida": _curso_assistida,
    "tela_do_cras": _tela_do_cras,
    "lista_do_cras": _lista_do_cras,
    "busca": _busca,
}

CASOS = [
    # aviso de privacidade: "ok" e "entendi" aceitam (antes reenviavam o aviso inteiro)
    ("aviso", "ok", "continuar"),
    ("aviso", "OK!", "continuar"),
    ("aviso", "entendi", "continuar"),
    ("aviso", "Entendi, continuar", "continuar"),
    ("aviso", "entendi continuar", "continuar"),
    ("aviso", "sim", "continuar"),
    ("aviso", "siiim", "continuar"),
    ("aviso", "pode", "continuar"),
    ("aviso", "claro", "continuar"),
    ("aviso", "tá bom", "continuar"),
    ("aviso", "1", "continuar"),
    ("aviso", "2", "saber_mais"),
    ("aviso", "saber mais", "saber_mais"),
    ("aviso", "saber mas", "saber_mais"),
    ("aviso", "agora não", "agora_nao"),
    ("aviso", "não", "agora_nao"),
    ("aviso", "n", "agora_nao"),
    ("aviso", "nops", "agora_nao"),
    ("aviso", "talvez", None),
    ("aviso", "não entendi", None),  # nunca vale como "Entendi"
    ("aviso", "nao sei", None),
    ("aviso", "4", None),
    ("aviso", "0", None),
    ("aviso_completo", "ok", "continuar"),
    ("aviso_completo", "2", "agora_nao"),
    ("aviso_completo", "nao", "agora_nao"),
    # nome social: pergunta aberta; um nome nunca vira "Não uso", "sim" não vira nome
    ("nome_social", "não", "nao"),
    ("nome_social", "Não uso.", "nao"),
    ("nome_social", "nao uso", "nao"),
    ("nome_social", "Claro Silva", None),
    ("nome_social", "Nao Silva", None),
    ("nome_social", "Nayara", None),
    ("nome_social", "sim", None),
    # CPF: "não" e "não tenho" são "Não tenho CPF"; números nunca escolhem a opção
    ("cpf", "não tenho", "sem_cpf"),
    ("cpf", "nao", "sem_cpf"),
    ("cpf", "nao tenho cpf", "sem_cpf"),
    ("cpf", "123.456.789-09", None),
    # issue 9, §3: quem digita um CPF digita números; o atalho não é numerado
    ("cpf", "1", None),
    ("cpf", "-1", None),
    ("nome_social", "1", None),
    ("aviso", "-1", None),
    ("aviso", "+2", None),
    ("aviso", "1)", "continuar"),
    ("telefone_assistida", "não tem telefone", "sem_telefone"),
    ("telefone_assistida", "não tem", "sem_telefone"),
    ("telefone_assistida", "sem telefone", None),  # aberta: não chuta
    ("telefone_assistida", "14 99123-4567", None),
    # R2: a lista é respondida com números; "1" é a situação I, nunca a 1ª opção
    ("prioridade", "1", None),
    ("prioridade", "2", None),
    ("prioridade", "1, 4 e 11", None),
    ("prioridade", "IV", None),
    ("prioridade", "nenhuma", "nenhuma"),
    ("prioridade", "nenhum", "nenhuma"),
    ("prioridade", "não", "nenhuma"),
    ("prioridade", "pular", "pular"),
    ("prioridade", "sim", None),
    # turno (R10): artigo ou "de" na frente, sem acento, erro pequeno
    ("turno", "de manhã", "manha"),
    ("turno", "pela manha", "manha"),
    ("turno", "MANHÃ", "manha"),
    ("turno", "manah", "manha"),
    ("turno", "a tarde", "tarde"),
    ("turno", "à tarde", "tarde"),
    ("turno", "Tarde!", "tarde"),
    ("turno", "de noite", "noite"),
    ("turno", "só a noite", "noite"),
    ("turno", "2", "tarde"),
    ("turno", "sim", None),
    ("turno", "qualquer um", None),
    ("turno", "de", None),
    # escolaridade: parecidas entre si; na dúvida, não casa
    ("escolaridade", "medio completo", "medio_completo"),
    ("escolaridade", "ensino médio completo", "medio_completo"),
    ("escolaridade", "fundamental incompleto", "fundamental_incompleto"),
    ("escolaridade", "fundamental incompleta", None),  # perto demais de "completo" também
    ("escolaridade", "nao estudei", "nao_estudou"),
    ("escolaridade", "fundamental", None),
    ("escolaridade", "incompleto", None),
    ("escolaridade", "7", "superior_completo"),
    ("escolaridade", "8", None),
    ("escolaridade", "não", None),
    # corrigir um dado do resumo
    ("corrigir", "telefone", "telefone"),
    ("corrigir", "telefoni", "telefone"),
    ("corrigir", "o nome", "nome"),
    ("corrigir", "curso", "cursos"),
    ("corrigir", "escolaridade", "escolaridade"),
    ("corrigir", "sim", None),
    # uma PARTE do rótulo escolhe, se só uma opção a tem (pergunta fechada)
    ("curso", "informatica", "5"),
    ("curso", "Informática", "5"),
    ("curso", "eletrica", "4"),
    ("curso", "costura", "3"),
    ("curso", "corte costura", "3"),
    ("curso", "manicure", "6"),
    ("curso", "pedicure", "6"),
    ("curso", "cabeleireira", "1"),
    ("curso", "confeitaria", "2"),
    ("curso", "info", "5"),  # começo de palavra com 4+ letras
    ("curso", "inf", None),
    ("curso", "infromatica", "5"),  # um erro pequeno
    ("curso", "costura basica", None),  # palavras de dois cursos
    ("curso", "co", None),
    ("curso", "costureira", None),
    ("curso", "5", "5"),
    ("curso_assistida", "informatica", "5"),
    ("curso_assistida", "pedicure", "6"),
    # telas da equipe: a palavra que só um botão tem
    ("tela_do_cras", "aprovar", "cmd:priorizar_aprovar 1"),
    ("tela_do_cras", "Aprovar", "cmd:priorizar_aprovar 1"),
    ("tela_do_cras", "enviar", "cmd:priorizar_aprovar 1"),
    ("tela_do_cras", "lista", "cmd:priorizar_lista 1 1"),
    ("tela_do_cras", "de lado", "cmd:priorizar_de_lado 1 1"),
    ("tela_do_cras", "aprovar e enviar", "cmd:priorizar_aprovar 1"),
    ("tela_do_cras", "maria", None),
    ("lista_do_cras", "aprovar", "cmd:priorizar_aprovar 1"),
    ("lista_do_cras", "resumo", "cmd:priorizar 1"),
    ("lista_do_cras", "por de lado", None),  # dois botões: dúvida
    ("lista_do_cras", "lado 6", "cmd:priorizar_lado 6"),
    ("lista_do_cras", "6", None),  # R4: só um número nunca escolhe um botão
    ("lista_do_cras", "1", None),
    # escolaridade: as palavras que as pessoas usam (os apelidos da opção)
    ("escolaridade", "segundo grau completo", "medio_completo"),
    ("escolaridade", "2º grau completo", "medio_completo"),
    ("escolaridade", "segundo grau incompleto", "medio_incompleto"),
    ("escolaridade", "primeiro grau incompleto", "fundamental_incompleto"),
    ("escolaridade", "primeiro grau completo", "fundamental_completo"),
    ("escolaridade", "colegial completo", "medio_completo"),
    ("escolaridade", "faculdade completa", "superior_completo"),
    ("escolaridade", "faculdade incompleta", "superior_incompleto"),
    ("escolaridade", "nunca estudei", "nao_estudou"),
    ("escolaridade", "nao estudei", "nao_estudou"),
    ("escolaridade", "estudei", "nao_estudou"),
    ("escolaridade", "superior", None),  # completo ou incompleto? dúvida
    ("escolaridade", "faculdade", None),
    ("escolaridade", "segundo grau", None),
    ("escolaridade", "colegial", None),
    ("escolaridade", "medio", None),
    ("escolaridade", "completo", None),
    ("escolaridade", "nao sei", None),
    # texto livre: a parte de um rótulo nunca escolhe
    ("nome_social", "Uso", None),
    ("busca", "maria", None),
    ("busca", "sai", None),
    ("busca", "sair", "sair"),
    ("cpf", "tenho", None),
]


@pytest.mark.parametrize(("pergunta", "digitado", "esperado"), CASOS)
async def test_resposta_digitada_escolhe_a_opcao_da_pergunta(
    pergunta: str, digitado: str, esperado: str | None
) -> None:
    p = await PERGUNTAS[pergunta](SEM_CONTEXTO)
    assert casar_escolha(digitado, p.opcoes, p.numerar, p.fechada) == esperado


# as opções das mensagens da fila, como `fluxos/pendencias.py` as monta
CONVOCACAO = (Opcao("cmd:conv_sim 7", "Confirmo", SIM), Opcao("cmd:conv_nao 7", "Não posso", NAO))
LEMBRETE = (Opcao("cmd:aula_vou 3", "Vou", SIM), Opcao("cmd:aula_falta 3", "Não vou poder", NAO))

CASOS_DA_FILA = [
    (CONVOCACAO, "confirmo", "cmd:conv_sim 7"),
    (CONVOCACAO, "Confirmo!", "cmd:conv_sim 7"),
    (CONVOCACAO, "sim", "cmd:conv_sim 7"),
    (CONVOCACAO, "vou", "cmd:conv_sim 7"),
    (CONVOCACAO, "quero", "cmd:conv_sim 7"),
    (CONVOCACAO, "não posso", "cmd:conv_nao 7"),
    (CONVOCACAO, "nao posso", "cmd:conv_nao 7"),
    (CONVOCACAO, "não", "cmd:conv_nao 7"),
    (CONVOCACAO, "1", None),  # a mensagem da fila não numera: "1" pode ser outra coisa
    (CONVOCACAO, "Maria Silva", None),
    (LEMBRETE, "vou", "cmd:aula_vou 3"),
    (LEMBRETE, "sim", "cmd:aula_vou 3"),
    (LEMBRETE, "não vou", "cmd:aula_falta 3"),
    (LEMBRETE, "nao vou poder", "cmd:aula_falta 3"),
    (LEMBRETE, "Não vou poder.", "cmd:aula_falta 3"),
    (LEMBRETE, "talvez", None),
]


@pytest.mark.parametrize(("opcoes", "digitado", "esperado"), CASOS_DA_FILA)
def test_r5_r16_resposta_digitada_a_mensagem_da_fila(
    opcoes: tuple[Opcao, ...], digitado: str, esperado: str | None
) -> None:
    assert casar_escolha(digitado, opcoes, numerar=False, fechada=False) == esperado


@pytest.mark.parametrize(
    ("digitado", "esperado"),
    [
        ("sim", SIM),
        ("S", SIM),
        ("isso", SIM),
        ("Isso mesmo!", SIM),
        ("certo", SIM),
        ("confirmo", SIM),
        ("tá bom", SIM),
        ("Não", NAO),
        ("nao", NAO),
        ("N", NAO),
        ("nops", NAO),
        ("nããão", NAO),
        ("Claro Silva", None),
        ("simone", None),
        ("não sei", None),
    ],
)
def test_palavras_de_sim_e_de_nao(digitado: str, esperado: str | None) -> None:
    assert palavra_de_sim_ou_nao(digitado) == esperado


def test_duas_opcoes_com_o_mesmo_papel_nao_decidem_por_ninguem() -> None:
    opcoes = [Opcao("a", "Aceito a vaga", SIM), Opcao("b", "Aceito outra turma", SIM)]
    assert casar_escolha("sim", opcoes) is None


def test_rotulos_iguais_ficam_em_duvida() -> None:
    opcoes = [Opcao("1", "Centro"), Opcao("2", "Centro")]
    assert casar_escolha("centro", opcoes) is None


def test_numero_que_e_id_de_opcao_nao_escolhe_pelo_id() -> None:
    """ "12" com 3 opções não é a 12ª: e o bairro de id 12 também não é escolhido."""
    opcoes = [Opcao("12", "Jardim Europa"), Opcao("13", "Vila Falcão"), Opcao("0", "Nenhum")]
    assert casar_escolha("12", opcoes) is None


def test_pergunta_aberta_nao_engole_texto_que_acrescenta_palavras() -> None:
    opcoes = [Opcao("5", "Vila Falcão"), Opcao("nenhum", "Nenhum desses", NAO)]
    assert casar_escolha("Vila Falcao 2", opcoes, fechada=False) is None
    assert casar_escolha("Vila Falcao", opcoes, fechada=False) == "5"


@pytest.mark.parametrize("hostil", HOSTIS)
def test_entradas_hostis_nao_casam_nem_estouram(hostil: str) -> None:
    opcoes = [Opcao("continuar", "Entendi, continuar", SIM), Opcao("agora_nao", "Agora não", NAO)]
    assert casar_escolha(hostil, opcoes) is None
