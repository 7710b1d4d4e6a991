"""R17 → R19: a desistência confirmada pela porta única (`confirmar_desistencia`), pelo
motor de verdade, com gente de verdade da equipe (o botão vem com os alertas; aqui é um
comando de teste, ver `dados_desistencia`).

Na mesma transação: a matrícula vira desistente, a lista do Acessuas ganha a linha com o
CRAS, a turma, as horas daquela hora (regras de R16) e o motivo; a pessoa fica sabendo com
cuidado; a equipe do Acessuas recebe um aviso curto, sem nome. Duas vezes: nada de novo.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Matricula
from armazenamento.modelos_acessuas import Desistencia
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.conftest import Convidar
from tests.fluxos.equipe.dados_desistencia import (
    COMANDO,
    MUDOU,
    NADA,
    em_bauru,
    encontro,
    fila,
    ids,
    instalar_confirmacao,
    marcar,
    matricular,
    nova_osc,
)

EUROPA = "CRAS Jardim Europa"


@pytest.fixture
def equipe(motor: Motor) -> Motor:
    instalar_confirmacao(motor)
    return motor


async def _entrar(
    motor: Motor, convidar: Convidar, papel: str, chat: str, **escopo: int
) -> Conversa:
    """Alguém da equipe, ligado pelo convite (`canal` telegram: recebe avisos pela fila)."""
    conversa = Conversa(motor, chat_id=chat, canal="telegram")
    await conversa.comando("start", (await convidar(papel, **escopo)).token)
    return conversa


async def _linhas(motor: Motor) -> list[tuple[object, ...]]:
    _D = Desistencia.__table__  # type: ignore[attr-defined]
    colunas = (_D.c.matricula_id, _D.c.turma_id, _D.c.cras_id, _D.c.horas_presentes)
    mais = (_D.c.horas_realizadas, _D.c.motivo, _D.c.confirmada_em, _D.c.confirmada_por)
    async with transacao(motor.banco) as c:
        return [tuple(linha) for linha in (await c.execute(sa.select(*colunas, *mais))).all()]


async def _situacao(motor: Motor, matricula_id: int) -> str:
    async with transacao(motor.banco) as c:
        consulta = sa.select(Matricula.situacao).where(Matricula.id == matricula_id)
        return str((await c.execute(consulta)).scalar_one())


async def test_r19_confirmada_entra_na_lista_com_horas_e_avisa_pessoa_e_acessuas(
    equipe: Motor, convidar: Convidar
) -> None:
    i = await ids(equipe.banco)
    turma = i["T0"]
    maria = await matricular(equipe.banco, turma, i[EUROPA], "Maria Souza", chat_id="555")
    acessuas = await _entrar(equipe, convidar, "acessuas", "700")
    no_site = Conversa(equipe, chat_id="701", canal="web")  # não recebe nada pela fila
    await no_site.comando("start", (await convidar("acessuas")).token)
    osc = await _entrar(equipe, convidar, "osc", "800")
    membro_osc = await _membro(equipe, "800")
    # 3 encontros com chamada: presente (4 h), falta, justificada (3 h + 1 h de outro módulo)
    for dia, marca, pessoal in (
        (4, "presente", 0.0),
        (5, "falta", 0.0),
        (6, "falta_justificada", 1.0),
    ):
        e = await encontro(
            equipe.banco, turma, em_bauru(dia), aprendizagem=4.0 - pessoal, pessoal=pessoal
        )
        await marcar(equipe.banco, e, maria, marca)

    saidas = await osc.comando(COMANDO, f"{maria} faltas_seguidas")

    assert saidas[-1].texto == MUDOU
    assert await _situacao(equipe, maria) == "desistente"
    assert await _linhas(equipe) == [
        (maria, turma, i[EUROPA], 4.0, 12.0, "faltas_seguidas", AGORA, membro_osc)
    ]
    avisos = await fila(equipe.banco)
    assert [(canal, chat) for canal, chat, _, _ in avisos] == [
        ("telegram", "555"),
        ("telegram", "700"),
    ]
    pessoa = avisos[0][3]
    assert pessoa.texto == texto("acessuas.pessoa.aviso", curso="Confeitaria")
    assert pessoa.texto.startswith("Anotamos que você saiu do curso de Confeitaria.")
    assert "Acessuas Trabalho pode entrar em contato com você" in pessoa.texto
    aviso = avisos[1][3]
    assert aviso.texto.startswith("Nova desistência confirmada: CRAS Jardim Europa, curso")
    assert "Maria" not in aviso.texto and "99123" not in aviso.texto
    # o botão do aviso abre a lista, com o nome, para quem é do Acessuas
    await acessuas.toca("Ver desistências", em=aviso)
    assert "Maria Souza" in acessuas.ultima.texto


async def _membro(motor: Motor, chat: str) -> int:
    async with transacao(motor.banco) as c:
        consulta = sa.text("SELECT id FROM equipe WHERE chat_id = :chat")
        return int((await c.execute(consulta, {"chat": chat})).scalar_one())


async def test_r19_confirmar_duas_vezes_nao_faz_nada_duas_vezes(
    equipe: Motor, convidar: Convidar
) -> None:
    i = await ids(equipe.banco)
    maria = await matricular(equipe.banco, i["T0"], i[EUROPA], "Maria Souza", chat_id="555")
    await _entrar(equipe, convidar, "acessuas", "700")
    osc = await _entrar(equipe, convidar, "osc", "800")
    cras = await _entrar(equipe, convidar, "cras", "801", cras_id=i[EUROPA])

    primeira = await osc.comando(COMANDO, f"{maria} disse_que_sai")
    duplo = await osc.comando(COMANDO, f"{maria} disse_que_sai")  # clique duplo
    outro = await cras.comando(COMANDO, f"{maria} trabalho")  # o CRAS também tocou

    assert [primeira[-1].texto, duplo[-1].texto, outro[-1].texto] == [MUDOU, NADA, NADA]
    [linha] = await _linhas(equipe)
    assert linha[5] == "disse_que_sai"
    assert len(await fila(equipe.banco)) == 2  # a pessoa e o Acessuas, uma vez cada


async def test_r17_so_confirma_quem_pode_e_motivo_so_codigo(
    equipe: Motor, convidar: Convidar
) -> None:
    """Outra OSC, o CRAS de outro território, instrutor, Acessuas, cidadão e um motivo que
    não é código (botão forjado, texto livre): nada muda, ninguém é avisado."""
    i = await ids(equipe.banco)
    maria = await matricular(equipe.banco, i["T0"], i[EUROPA], "Maria Souza", chat_id="555")
    outra = await nova_osc(equipe.banco)
    tentativas = [
        await _entrar(equipe, convidar, "osc", "810", osc_id=outra),
        await _entrar(equipe, convidar, "cras", "811", cras_id=i["CRAS Nova Esperança"]),
        await _entrar(equipe, convidar, "instrutor", "812", turma_id=i["T0"]),
        await _entrar(equipe, convidar, "acessuas", "813"),
    ]
    for conversa in tentativas:
        assert (await conversa.comando(COMANDO, f"{maria} faltas_seguidas"))[-1].texto == NADA
    cidadao = Conversa(equipe, chat_id="555", canal="telegram")
    assert "Isso é só para a equipe" in (await cidadao.comando(COMANDO, f"{maria} outro"))[-1].texto
    gestao = await _entrar(equipe, convidar, "gestao", "814")
    for motivo in ("mudou de emprego, ligar depois", "", "FALTAS_SEGUIDAS", "outro" * 10):
        assert (await gestao.comando(COMANDO, f"{maria} {motivo}"))[-1].texto == NADA
    assert await _situacao(equipe, maria) == "ativa"
    assert await _linhas(equipe) == []
    assert await fila(equipe.banco) == []

    assert (await gestao.comando(COMANDO, f"{maria} outro"))[-1].texto == MUDOU  # a gestão pode


async def test_r16_horas_da_hora_da_confirmacao(equipe: Motor, convidar: Convidar) -> None:
    """Só os encontros da pessoa: matrícula tardia (o de antes não conta), suspenso não
    conta (R21), sem chamada ainda é pendente (mesmo com o "não vou poder" do lembrete)."""
    i = await ids(equipe.banco)
    turma = i["T1"]
    colega = await matricular(equipe.banco, turma, i[EUROPA], "Colega")
    joana = await matricular(
        equipe.banco, turma, i[EUROPA], "Joana", chat_id="556", desde=em_bauru(5, hora=9)
    )
    antes = await encontro(equipe.banco, turma, em_bauru(4))  # antes da matrícula
    await marcar(equipe.banco, antes, colega, "presente")
    for dia, marca in ((5, "presente"), (7, "falta")):
        e = await encontro(equipe.banco, turma, em_bauru(dia))
        await marcar(equipe.banco, e, joana, marca)
        await marcar(equipe.banco, e, colega, "presente")
    suspenso = await encontro(equipe.banco, turma, em_bauru(6), cancelado=True)
    await marcar(equipe.banco, suspenso, colega, "presente")
    sem_chamada = await encontro(equipe.banco, turma, em_bauru(8))
    await marcar(equipe.banco, sem_chamada, joana, "falta_justificada", origem="lembrete")
    osc = await _entrar(equipe, convidar, "osc", "800")

    await osc.comando(COMANDO, f"{joana} projecao")

    [linha] = await _linhas(equipe)
    assert linha[3:5] == (4.0, 8.0)


async def test_r19_quem_nao_recebe_pela_fila_nao_ganha_aviso(
    equipe: Motor, convidar: Convidar
) -> None:
    """Inscrita pela OSC sem conversa, ou pelo chat do site: o Acessuas liga (R19)."""
    i = await ids(equipe.banco)
    sem_chat = await matricular(equipe.banco, i["T0"], i[EUROPA], "Ana")
    no_site = await matricular(equipe.banco, i["T0"], i[EUROPA], "Bia", chat_id="w1", canal="web")
    osc = await _entrar(equipe, convidar, "osc", "800")

    for matricula in (sem_chat, no_site):
        assert (await osc.comando(COMANDO, f"{matricula} sem_contato"))[-1].texto == MUDOU

    assert await fila(equipe.banco) == []  # e ninguém do Acessuas no chat ainda
    assert len(await _linhas(equipe)) == 2
