"""A tela da turma leva adiante (planilha, volta às turmas) e a planilha da turma (.xlsx)
traz nome, nome social, idade, turno escolhido e data da matrícula; o telefone só para
a OSC da turma e a gestão, nunca para o instrutor (R16, R24, ARQUITETURA §7)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Ciclo, Cras, Matricula, PreInscricao, Turma
from fluxos.motor import Motor
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.fluxos.equipe.conftest import Convidar

MATRICULA = datetime(2027, 3, 2, 2, 30, tzinfo=UTC)  # 1º/3 às 23h30 em Bauru


async def _turmas(motor: Motor) -> dict[str, int]:
    async with transacao(motor.banco) as c:
        linhas = await c.execute(sa.select(Turma.codigo, Turma.id))  # type: ignore[call-overload]
        return dict(linhas.all())


async def _matricular(
    motor: Motor, turma_id: int, nome: str, social: str, nascimento: date
) -> None:
    async with transacao(motor.banco) as c:
        ciclo = (await c.execute(sa.select(Ciclo.id))).scalar_one()
        cras = (await c.execute(sa.select(sa.func.min(Cras.id)))).scalar_one()
        pre = await c.execute(
            sa.insert(PreInscricao)
            .values(
                ciclo_id=ciclo,
                nome=nome,
                nome_social=social,
                nascimento=nascimento,
                telefone="14991234567",
                cras_id=cras,
                curso1_id=1,
                turno="tarde",
                escolaridade="medio_completo",
                aviso_versao="1",
                criada_em=MATRICULA,
            )
            .returning(PreInscricao.id)
        )
        await c.execute(
            sa.insert(Matricula).values(
                turma_id=turma_id, preinscricao_id=pre.scalar_one(), criada_em=MATRICULA
            )
        )


def _abrir(saida: Saida) -> tuple[list[Any], list[dict[str, Any]]]:
    """(o título, as linhas da tabela como dicionários), lidas com openpyxl."""
    assert saida.anexo is not None and saida.anexo.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(saida.anexo.dados)).active
    assert folha is not None
    cabecalho = int(folha.auto_filter.ref.split(":")[0][1:])
    titulo = [folha.cell(row=i, column=1).value for i in range(1, cabecalho - 1)]
    linhas = list(folha.iter_rows(min_row=cabecalho, values_only=True))
    colunas = [str(c) for c in linhas[0]]
    return titulo, [dict(zip(colunas, linha, strict=True)) for linha in linhas[1:]]


@pytest.mark.parametrize(
    ("papel", "ve_telefone"),
    [("instrutor", False), ("osc", True), ("gestao", True)],
)
async def test_r24_planilha_da_turma_telefone_so_para_a_osc(
    tecnica: Conversa, convidar: Convidar, motor: Motor, papel: str, ve_telefone: bool
) -> None:
    turmas = await _turmas(motor)
    await _matricular(motor, turmas["T0"], "Maria Souza", "", date(2009, 6, 1))
    await _matricular(motor, turmas["T0"], "José Lima", "Bia Lima", date(1980, 1, 20))
    escopo = {"turma_id": turmas["T0"]} if papel == "instrutor" else {}
    await tecnica.comando("start", (await convidar(papel, **escopo)).token)

    await tecnica.comando("turma", str(turmas["T0"]))
    saidas = await tecnica.toca("Planilha da turma")

    [arquivo] = [s for s in saidas if s.anexo is not None]
    titulo, linhas = _abrir(arquivo)
    assert titulo[0] == "Turma T0: Confeitaria, manhã"
    esperadas = ["Nome", "Nome social", "Idade", "Telefone", "Turno escolhido", "Data da matrícula"]
    if not ve_telefone:
        esperadas.remove("Telefone")
    assert list(linhas[0])[: len(esperadas)] == esperadas
    assert list(linhas[0])[len(esperadas) :][-1] == "Encontros que ainda pode faltar"  # R16
    bia = {"Nome": "José Lima", "Nome social": "Bia Lima", "Idade": 46, "Turno escolhido": "Tarde"}
    assert {k: linhas[0][k] for k in bia} == bia  # por nome (o social, se há): Bia antes de Maria
    assert linhas[0]["Data da matrícula"] == datetime(2027, 3, 1)
    assert (linhas[1]["Nome"], linhas[1]["Idade"]) == ("Maria Souza", 17)
    tudo = " ".join(str(v) for linha in linhas for v in linha.values())
    assert ("99123-4567" in tudo) is ve_telefone
    assert [b.rotulo for b in saidas[0].botoes] == ["Voltar à turma", "Voltar às turmas"]
    async with transacao(motor.banco) as c:
        acoes = (await c.execute(sa.select(Auditoria.acao, Auditoria.alvo))).all()
    assert ("turma.planilha", str(turmas["T0"])) in acoes


async def test_instrutor_tem_caminho_adiante_na_tela_da_turma(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    turmas = await _turmas(motor)
    await tecnica.comando("start", (await convidar("instrutor", turma_id=turmas["T0"])).token)

    await tecnica.toca("Turmas")
    await tecnica.toca("T0")
    assert tecnica.rotulos == ["Fazer chamada", "Planilha da turma", "Voltar às turmas"]
    await tecnica.toca("Voltar às turmas")
    assert tecnica.ultima.texto.startswith("Turmas (1 a 1 de 1):")
    await tecnica.toca("T0")
    saidas = await tecnica.toca("Planilha da turma")
    await tecnica.toca("Voltar à turma", em=saidas[0])  # os botões vêm antes do arquivo
    assert tecnica.ultima.texto.startswith("T0")


async def test_r24_planilha_de_turma_de_outro_instrutor_nao_e_encontrada(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    turmas = await _turmas(motor)
    await _matricular(motor, turmas["T1"], "Maria Souza", "", date(2009, 6, 1))
    await tecnica.comando("start", (await convidar("instrutor", turma_id=turmas["T0"])).token)

    for argumento in (str(turmas["T1"]), "999", "abc", ""):
        saidas = await tecnica.comando("turma_planilha", argumento)
        assert [s.texto for s in saidas] == ["Não encontrado."]
        assert all(s.anexo is None for s in saidas)
