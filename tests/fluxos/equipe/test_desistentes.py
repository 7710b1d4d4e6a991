"""R19: /desistentes mostra a lista do Acessuas (CRAS, curso, horas e %, motivo, data) e
manda a planilha (.xlsx) sob pedido. Acessuas e gestão veem todas; o CRAS, as do seu
território; OSC e instrutor, nada. Cada leitura fica na auditoria (ARQUITETURA.md §8)."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria
from fluxos.equipe.planilha_xlsx import TIPO_XLSX
from fluxos.motor import Motor
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.fluxos.equipe.conftest import Convidar
from tests.fluxos.equipe.dados_desistencia import (
    COMANDO,
    MUDOU,
    em_bauru,
    encontro,
    ids,
    instalar_confirmacao,
    marcar,
    matricular,
)

EUROPA, ESPERANCA = "CRAS Jardim Europa", "CRAS Nova Esperança"


@pytest.fixture
def equipe(motor: Motor) -> Motor:
    instalar_confirmacao(motor)
    return motor


async def _confirmadas(motor: Motor, convidar: Convidar, quantas: int = 1) -> None:
    """Maria (Europa, 4 h de 8 h, faltas seguidas), Pedro (Nova Esperança, sem chamada,
    começou a trabalhar) e mais gente de Europa, confirmados pela gestão."""
    i = await ids(motor.banco)
    maria = await matricular(motor.banco, i["T0"], i[EUROPA], "Maria Souza", chat_id="555")
    for dia, marca in ((4, "presente"), (5, "falta")):
        await marcar(motor.banco, await encontro(motor.banco, i["T0"], em_bauru(dia)), maria, marca)
    pedro = await matricular(motor.banco, i["T1"], i[ESPERANCA], "Pedro Lima", telefone="")
    outros = [
        await matricular(motor.banco, i["T2"], i[EUROPA], f"Pessoa {n}") for n in range(quantas)
    ]
    gestao = Conversa(motor, chat_id="990")
    await gestao.comando("start", (await convidar("gestao")).token)
    for matricula, motivo in [(maria, "faltas_seguidas"), (pedro, "trabalho")] + [
        (o, "outro") for o in outros
    ]:
        assert (await gestao.comando(COMANDO, f"{matricula} {motivo}"))[-1].texto == MUDOU


async def _auditoria(motor: Motor) -> list[tuple[str, str]]:
    async with transacao(motor.banco) as c:
        return sorted((await c.execute(sa.select(Auditoria.acao, Auditoria.alvo))).all())


def _planilha(saidas: list[Saida]) -> list[tuple[object, ...]]:
    [com_anexo] = [s for s in saidas if s.anexo is not None]
    assert com_anexo.anexo is not None and com_anexo.anexo.tipo == TIPO_XLSX
    folha = load_workbook(BytesIO(com_anexo.anexo.dados)).active
    assert folha is not None
    return [tuple(linha) for linha in folha.iter_rows(values_only=True)]


async def test_r19_acessuas_ve_a_lista_com_cras_curso_horas_motivo_e_data(
    equipe: Motor, tecnica: Conversa, convidar: Convidar
) -> None:
    await _confirmadas(equipe, convidar, quantas=5)
    await tecnica.comando("start", (await convidar("acessuas")).token)

    await tecnica.toca("Desistências")

    texto = tecnica.ultima.texto
    assert texto.startswith("Desistências confirmadas (1 a 5 de 7):")
    assert "Pessoa de Teste" not in texto
    await tecnica.toca("Ver mais")
    pagina = tecnica.ultima.texto
    assert pagina.startswith("Desistências confirmadas (6 a 7 de 7):")
    assert (
        "Maria Souza, 27 anos, telefone (14) 99123-4567. CRAS Jardim Europa. Curso: Confeitaria"
        " (turma T0).\nFrequência: 4 h de 8 h (50%). Motivo: Faltas seguidas. Confirmada em"
        " 10/01/2027." in pagina
    )
    assert (
        "Pedro Lima, 27 anos, sem telefone. CRAS Nova Esperança. Curso: Corte e"
        " costura (turma T1).\nFrequência: nenhuma aula com chamada. Motivo: Começou a"
        " trabalhar." in pagina
    )
    assert "II" not in pagina.replace("(turma", "")  # prioridades (R2) nunca aparecem
    assert tecnica.rotulos == ["Planilha (.xlsx)"]
    assert await _auditoria(equipe) == [("desistentes.lista", "1"), ("desistentes.lista", "2")]


async def test_r19_planilha_dos_desistentes_aberta_no_openpyxl(
    equipe: Motor, tecnica: Conversa, convidar: Convidar
) -> None:
    await _confirmadas(equipe, convidar)
    await tecnica.comando("start", (await convidar("acessuas")).token)
    await tecnica.comando("desistentes")

    saidas = await tecnica.toca("Planilha (.xlsx)")

    linhas = _planilha(saidas)
    assert linhas[0][0] == "Desistências confirmadas (Acessuas Trabalho)"
    assert linhas[1][0] == "Todas as desistências que você pode ver: 3 pessoas"
    assert str(linhas[2][0]).startswith("Gerada em 10/01/2027 às 12h00")
    assert linhas[4] == (
        "Nome",
        "Idade",
        "Telefone",
        "CRAS",
        "Curso",
        "Turma",
        "Horas presentes",
        "Horas de aula",
        "Frequência",
        "Motivo",
        "Confirmada em",
    )
    dados = {linha[0]: linha for linha in linhas[5:]}
    assert set(dados) == {"Maria Souza", "Pedro Lima", "Pessoa 0"}
    assert dados["Maria Souza"] == (
        "Maria Souza",
        27,
        "(14) 99123-4567",
        "CRAS Jardim Europa",
        "Confeitaria",
        "T0",
        4,
        8,
        0.5,
        "Faltas seguidas",
        datetime(2027, 1, 10),
    )
    assert dados["Pedro Lima"][2] is None and dados["Pedro Lima"][8] is None
    assert saidas[0].texto == "A planilha das desistências vem a seguir."
    assert ("desistentes.planilha", "3") in await _auditoria(equipe)


async def test_r19_cras_ve_so_o_seu_territorio(equipe: Motor, convidar: Convidar) -> None:
    """R19: o CRAS encaminha a lista ao Acessuas: vê as do seu território, na tela e na
    planilha; o CRAS sem ninguém que desistiu ouve que não há."""
    i = await ids(equipe.banco)
    await _confirmadas(equipe, convidar)
    esperanca = Conversa(equipe, chat_id="801")
    await esperanca.comando("start", (await convidar("cras", cras_id=i[ESPERANCA])).token)
    tibirica = Conversa(equipe, chat_id="802")
    await tibirica.comando(
        "start", (await convidar("cras", cras_id=i["CRAS Distrito de Tibiriçá"])).token
    )

    tela = (await esperanca.comando("desistentes"))[-1].texto
    planilha = _planilha(await esperanca.comando("desistentes_planilha"))

    assert tela.startswith("Desistências confirmadas (1 a 1 de 1):")
    assert "Pedro Lima" in tela and "Maria" not in tela
    assert [linha[0] for linha in planilha[5:]] == ["Pedro Lima"]
    vazia = await tibirica.comando("desistentes")
    assert vazia[-1].texto == "Nenhuma desistência confirmada até agora."
    assert (await tibirica.comando("desistentes_planilha"))[-1].anexo is None


async def test_r19_sem_desistencias_diz_que_nao_ha(tecnica: Conversa, convidar: Convidar) -> None:
    await tecnica.comando("start", (await convidar("gestao")).token)
    saidas = await tecnica.comando("desistentes")
    assert saidas[-1].texto == "Nenhuma desistência confirmada até agora."


async def test_r19_pessoa_que_voltou_sai_da_lista(
    equipe: Motor, tecnica: Conversa, convidar: Convidar
) -> None:
    """A OSC convocou de novo (a matrícula volta a ativa): não é mais desistente."""
    await _confirmadas(equipe, convidar)
    async with transacao(equipe.banco) as c:
        await c.execute(
            sa.text(
                "UPDATE matricula SET situacao = 'ativa' WHERE preinscricao_id IN"
                " (SELECT id FROM preinscricao WHERE nome = 'Maria Souza')"
            )
        )
    await tecnica.comando("start", (await convidar("acessuas")).token)
    texto = (await tecnica.comando("desistentes"))[-1].texto
    assert texto.startswith("Desistências confirmadas (1 a 2 de 2):") and "Maria" not in texto


@pytest.mark.parametrize("papel", ["osc", "instrutor"])
async def test_r24_osc_e_instrutor_nao_veem_desistencias(
    equipe: Motor, convidar: Convidar, papel: str
) -> None:
    await _confirmadas(equipe, convidar)
    conversa = Conversa(equipe, chat_id="80")
    await conversa.comando("start", (await convidar(papel)).token)
    for comando in ("desistentes", "desistentes_planilha"):
        saidas = await conversa.comando(comando, "1")
        assert "Isso não faz parte do seu papel" in saidas[-1].texto
        assert all(s.anexo is None and "Maria" not in s.texto for s in saidas)
    assert await _auditoria(equipe) == []


@pytest.mark.parametrize("digitado", ["1", "planilha", "Planilha (.xlsx)"])
async def test_r19_planilha_pedida_digitando(
    equipe: Motor, tecnica: Conversa, convidar: Convidar, digitado: str
) -> None:
    """Quem digita em vez de tocar: o número ou o nome do botão pedem a planilha."""
    await _confirmadas(equipe, convidar)
    await tecnica.comando("start", (await convidar("acessuas")).token)
    await tecnica.comando("desistentes")
    assert [linha[0] for linha in _planilha(await tecnica.diz(digitado))[5:]] == [
        "Pessoa 0",
        "Pedro Lima",
        "Maria Souza",
    ]
