"""Canal de terminal: a pré-inscrição inteira digitando números e nomes das opções."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Cras, PreInscricao
from bot.terminal import conversar, desenhar, interpretar_linha
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.tipos import Botao, Saida, Tipo
from tests.dados import semear_programa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)  # domingo, 12h em Bauru; ciclo 2027 aberto

# O que a pessoa digita, linha a linha: números e rótulos das opções, misturados.
ROTEIRO = [
    "1",  # Entendi, continuar
    "Maria Aparecida da Silva",
    "Não uso",
    "03/02/2008",
    "529.982.247-25",
    "(14) 99123-4567",
    "jardim europa",
    "pular",  # as situações: aqui os números são da lista (R2), as opções vão sem número
    "1",  # Confeitaria
    "Só esse",
    "1",  # Manhã (R10: Confeitaria só tem turma de manhã)
    "médio completo",
    "1",  # Confirmar
]


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession]) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)


def roteiro(linhas: list[str]) -> Callable[[], Awaitable[str | None]]:
    """Um `ler` que devolve as linhas (com o Enter) e depois o fim da entrada (Ctrl+D)."""
    pendentes = iter(linhas)

    async def ler() -> str | None:
        linha = next(pendentes, None)
        return None if linha is None else linha + "\n"

    return ler


async def test_preinscricao_inteira_pelo_terminal(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tela: list[str] = []
    await conversar(motor, roteiro(ROTEIRO), tela.append, "terminal-1")
    saida = "\n".join(tela)

    assert tela[0].startswith("Conversa pelo terminal.")
    assert "digite o número" in tela[0]
    assert "pré-inscrição" in tela[1]
    assert "  1) Entendi, continuar\n  2) Saber mais\n  3) Agora não" in tela[1]
    assert "  1) Confeitaria\n  2) Corte e costura\n  3) Informática básica" in saida
    assert "  1) Manhã\n" in saida and "2) Tarde" not in saida
    assert "Turno: Manhã" in saida
    assert "Estudo: Médio completo" in saida
    assert "Situações: preferiu não dizer" in saida
    assert "Cursos: Confeitaria\n" in saida
    assert "Número: 2027-000001." in tela[-2]
    assert "por aqui" not in tela[-2]  # o terminal não manda nada depois
    assert tela[-1].endswith("  1) Ver minha inscrição\n")

    async with sessoes() as sessao:
        pre = (await sessao.scalars(select(PreInscricao))).one()
    assert (pre.cpf, pre.telefone, pre.turno, pre.escolaridade) == (
        "52998224725",
        "14991234567",
        "manha",
        "medio_completo",
    )


async def test_fim_da_entrada_no_meio_e_depois_retoma(motor: Motor) -> None:
    """Ctrl+D no meio encerra sem erro; ao voltar, a conversa continua de onde parou."""
    primeira: list[str] = []
    await conversar(motor, roteiro(ROTEIRO[:3]), primeira.append, "terminal-2")
    assert "data de nascimento" in primeira[-1]

    segunda: list[str] = []
    await conversar(motor, roteiro(ROTEIRO[3:]), segunda.append, "terminal-2")
    assert "Número: 2027-000001." in segunda[-2]


async def test_numero_fora_das_opcoes_nao_escolhe_nada(motor: Motor) -> None:
    tela: list[str] = []
    await conversar(motor, roteiro(["9"]), tela.append, "terminal-3")
    assert "  1) Entendi, continuar" in tela[-1]  # a mesma pergunta, de novo
    assert "nome completo" not in "\n".join(tela)


def test_desenhar_numera_so_quando_a_pergunta_nao_pede_numeros() -> None:
    botoes = (Botao("Nenhuma", "1.nenhuma"), Botao("Pular", "1.pular"))
    assert desenhar(Saida("Quais?", botoes)) == "Quais?\n  1) Nenhuma\n  2) Pular"
    assert desenhar(Saida("Quais?", botoes, numerar=False)) == "Quais?\n  - Nenhuma\n  - Pular"


def test_botoes_da_fila_vao_sem_numero_para_nao_colidir_com_os_de_cima() -> None:
    """A situação (com [Ajuda], 1) seguida da convocação: "1" escolheria a Ajuda, e a
    pessoa acharia que confirmou. Os botões da fila valem escritos ("confirmo")."""
    convocacao = (Botao("Confirmo", "cmd:conv_sim 7"), Botao("Não posso", "cmd:conv_nao 7"))
    assert desenhar(Saida("Você vai?", convocacao)) == "Você vai?\n  - Confirmo\n  - Não posso"


async def test_r2_lista_de_situacoes_respondida_com_numeros_no_terminal(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """A lista de situações é respondida com números: "1" é a situação I, e as opções
    "Nenhuma" e "Pular" aparecem sem número (antes: "1) Nenhuma", e "1" gravava I)."""
    linhas = [*ROTEIRO[:7], "1", *ROTEIRO[8:]]
    tela: list[str] = []
    await conversar(motor, roteiro(linhas), tela.append, "terminal-4")

    lista = next(t for t in tela if "Alguma destas situações" in t)
    assert lista.endswith("  - Nenhuma\n  - Pular\n")
    assert "1) Nenhuma" not in lista
    async with sessoes() as sessao:
        pre = (await sessao.scalars(select(PreInscricao))).one()
    assert pre.prioridades == "I"


@pytest.mark.parametrize(
    ("linha", "tipo", "comando", "texto"),
    [
        ("/status", Tipo.COMANDO, "status", ""),
        ("/start abc", Tipo.COMANDO, "start", "abc"),
        ("/AJUDA", Tipo.COMANDO, "ajuda", ""),
        ("/start  dois espaços", Tipo.COMANDO, "start", " dois espaços"),
        ("oi", Tipo.TEXTO, "", "oi"),
        ("/", Tipo.TEXTO, "", "/"),
        ("", Tipo.TEXTO, "", ""),
        ("1/2", Tipo.TEXTO, "", "1/2"),
        (" /status", Tipo.TEXTO, "", " /status"),
    ],
)
def test_interpretar_linha(linha: str, tipo: Tipo, comando: str, texto: str) -> None:
    entrada = interpretar_linha(linha, "console")
    assert (entrada.canal, entrada.chat_id) == ("terminal", "console")
    assert (entrada.tipo, entrada.comando, entrada.texto) == (tipo, comando, texto)


async def test_no_terminal_nao_se_toca_em_botao(motor: Motor) -> None:
    """No terminal se escreve: nenhum texto manda "tocar"; no Telegram e no site, sim."""
    tela: list[str] = []
    linhas = ["talvez", "1", "Maria Aparecida da Silva", "?", "Não uso", "03/02/2008"]
    linhas += ["529.982.247-25", "(14) 99123-4567", "jardim europa", "pular", "1"]
    await conversar(motor, roteiro(linhas), tela.append, "terminal-toque")
    saida = "\n".join(tela)

    assert "Escreva o número de uma das opções, por favor." in saida  # o "talvez" no aviso
    assert 'Se não, escreva "Não uso".' in saida
    assert 'Se não, escreva "Só esse".' in saida
    assert "toque" not in saida.lower()


async def test_entrar_e_o_codigo_numa_linha_no_terminal(motor: Motor) -> None:
    async with transacao(motor.banco) as conexao:
        cras_id = (await conexao.execute(sa.select(sa.func.min(Cras.id)))).scalar_one()
        convite = await criar_convite(conexao, Escopo("cras", cras_id=cras_id), AGORA)
    tela: list[str] = []
    # no meio da pré-inscrição (período aberto), como o convite impresso pela CLI manda
    await conversar(motor, roteiro(["1", f"entrar {convite.codigo}"]), tela.append, "t-entrar")

    assert "Pronto! Esta conversa agora é de técnico(a) do CRAS" in tela[-2]
