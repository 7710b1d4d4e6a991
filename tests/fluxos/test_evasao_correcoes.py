"""Correções dos alertas de evasão (R16, R17, R19), pelo motor de verdade: "desisto" sem
alerta, cada mudança de ideia chega à equipe, a confirmação da desistência pergunta o
motivo, o mesmo percentual em toda tela, quem já saiu e a hora da mensagem de cuidado."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Encontro, PreInscricao
from armazenamento.modelos_acessuas import Desistencia
from fluxos.evasao.avisos import hora_de_cuidar
from mensagens.catalogo import texto
from tests.fluxos.dados_evasao import alertas, situacao_da_matricula
from tests.fluxos.dados_lembretes import em_bauru
from tests.fluxos.test_evasao import Cena, cena  # noqa: F401

PERGUNTA = ["Sim, vou sair", "Quero continuar", "Preciso de ajuda"]


@pytest.mark.parametrize(
    "digitado",
    ["desisto", "vou desistir", "vou desistir do curso", "quero desistir", "Quero sair do curso"],
)
async def test_r17_desisto_sem_alerta_pergunta_e_abre_o_alerta(cena: Cena, digitado: str) -> None:
    await cena.tecnico("900")
    pessoa = cena.conversa("101")  # vem a todas as aulas: nenhum alerta aberto
    await pessoa.diz(digitado)
    assert pessoa.ultima.texto == texto("evasao.desistir.pergunta")
    assert pessoa.rotulos == PERGUNTA
    assert pessoa.ultima.botoes[2].valor.endswith("cmd:pedir_ajuda")
    assert await alertas(cena.banco) == []  # só pergunta
    await pessoa.diz("sim")
    assert pessoa.ultima.texto == texto("evasao.desistir.anotado")
    assert await alertas(cena.banco) == [(cena.veio, "disse_que_sai", "aberto", "desistir")]
    (aviso,) = await cena.da_fila("900")
    assert aviso.texto.startswith("Alerta de evasão: Pessoa de Teste, turma T0 (Confeitaria)")
    assert "disse pelo chat que vai desistir" in aviso.texto
    assert await cena.da_fila("101") == []  # quem disse que sai não recebe "sentimos falta"
    await pessoa.diz("sim")  # de novo: não vira "quero continuar", ninguém é avisado de novo
    assert len(await cena.da_fila("900")) == 1
    assert (await alertas(cena.banco))[0][3] == "desistir"
    assert await situacao_da_matricula(cena.banco, cena.veio) == "ativa"  # a equipe decide


async def test_r17_desisto_sem_alerta_e_depois_nao_quero_continuar(cena: Cena) -> None:
    pessoa = cena.conversa("101")
    await pessoa.diz("desisto")
    await pessoa.toca("Quero continuar")
    assert pessoa.ultima.texto == texto("evasao.continuar")
    await pessoa.diz("quero continuar")  # sem alerta: resposta curta, não a tela da situação
    assert pessoa.ultima.texto == texto("evasao.continuar")
    assert await alertas(cena.banco) == []
    assert await cena.da_fila("900") == []


async def test_r17_desisto_de_quem_nao_esta_numa_turma(cena: Cena) -> None:
    estranho = cena.conversa("555")
    for digitado in ("desisto", "quero continuar"):
        await estranho.diz(digitado)
        assert estranho.ultima.texto == texto("evasao.sem_matricula")
    assert await alertas(cena.banco) == []


async def test_r17_desisto_digitado_pela_equipe_nao_fala_de_turma(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    await osc.diz("desisto")
    assert osc.ultima.texto != texto("evasao.sem_matricula")
    assert "turma" not in osc.ultima.texto
    assert await alertas(cena.banco) == []


async def test_r17_cada_mudanca_de_ideia_chega_a_equipe_uma_vez(cena: Cena) -> None:
    await cena.tecnico("900")
    await cena.noite()
    pessoa = cena.conversa("100")
    for digitado in ("vou desistir", "sim", "quero continuar", "desisto", "sim"):
        await pessoa.diz(digitado)
    await pessoa.diz("quero continuar")
    await pessoa.diz("quero continuar")  # toque repetido: não avisa de novo
    sair = next(b.valor for b in (await pessoa.diz("desisto"))[-1].botoes if "sair" in b.valor)
    await pessoa.aperta(sair.partition(".")[2])
    await pessoa.aperta(sair.partition(".")[2])  # clique duplo
    textos = [s.texto for s in await cena.da_fila("900")]
    finais = [t.split("), ")[1] for t in textos[1:]]
    assert finais == [
        "disse pelo chat que vai desistir. Converse com a pessoa antes de confirmar.",
        "respondeu que quer continuar no curso.",
        "disse pelo chat que vai desistir. Converse com a pessoa antes de confirmar.",
        "respondeu que quer continuar no curso.",
        "disse pelo chat que vai desistir. Converse com a pessoa antes de confirmar.",
    ]
    assert await alertas(cena.banco) == [(cena.sumiu, "disse_que_sai", "aberto", "desistir")]


async def _motivos_da_lista(cena: Cena) -> list[str]:
    _D = Desistencia.__table__  # type: ignore[attr-defined]
    async with cena.banco.connect() as c:
        return list((await c.execute(sa.select(_D.c.motivo))).scalars())


async def test_r19_confirmar_desistencia_pergunta_o_motivo_antes(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    cras = await cena.tecnico("901", "cras")
    await cena.noite()
    (aviso,) = await cena.da_fila("900")
    await osc.toca("Confirma desistência", em=aviso)
    assert osc.ultima.texto.startswith("Confirmar a desistência de Pessoa de Teste?")
    assert osc.rotulos == [
        "Faltas seguidas",
        "Começou a trabalhar",
        "Saúde",
        "Cuidar da família",
        "Mudou de cidade",
        "Horário não deu",
        "Sem contato",
        "Outro motivo",
        "Não, voltar",
    ]
    await osc.toca("Não, voltar")
    assert osc.ultima.texto.startswith("Alerta de evasão desde")
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "ativa"
    await osc.toca("Confirma desistência")
    await osc.diz("não")  # reteste B5: "não" digitado volta, como o botão
    assert osc.ultima.texto.startswith("Alerta de evasão desde")
    await osc.toca("Confirma desistência")
    await osc.diz("2")  # um número solto não confirma: os botões não têm número
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "ativa"
    assert "Não, voltar" in osc.rotulos  # a pergunta continua
    await osc.diz("saúde")  # digitar o motivo vale como tocar
    assert osc.ultima.texto.startswith("Desistência de Pessoa de Teste confirmada.")
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "desistente"
    assert await _motivos_da_lista(cena) == ["saude"]

    por_voce = texto("evasao.equipe.ja_decidido_por_voce", situacao="desistência confirmada")
    await osc.toca("Confirma desistência", em=aviso)  # de novo, pelo aviso antigo
    assert osc.ultima.texto == por_voce
    await osc.aperta(f"cmd:alerta_confirmar {aviso.botoes[0].valor.split()[-1]} trabalho")
    assert osc.ultima.texto == por_voce
    (aviso_cras,) = await cena.da_fila("901")
    await cras.toca("Confirma desistência", em=aviso_cras)
    assert osc.ultima.texto == por_voce
    assert cras.ultima.texto == texto(
        "evasao.equipe.ja_decidido", situacao="desistência confirmada"
    )
    assert await _motivos_da_lista(cena) == ["saude"]  # nada mudou


async def _frequencia_de_74_6(cena: Cena) -> None:
    """ "PPPFFF" com a 1ª aula de 27,24 h: 35,24 de 47,24 h = 74,598% (round daria 75)."""
    async with transacao(cena.banco) as c:
        await c.execute(
            sa.update(Encontro).where(Encontro.id == cena.ids[0]).values(horas_aprendizagem=27.24)  # type: ignore[arg-type]
        )


async def test_r16_tela_do_alerta_e_desistentes_arredondam_para_baixo(cena: Cena) -> None:
    await _frequencia_de_74_6(cena)
    osc = await cena.tecnico("900")
    acessuas = await cena.tecnico("904", "acessuas")
    await cena.noite()
    (aviso,) = await cena.da_fila("900")
    await osc.toca("Vou acompanhar", em=aviso)
    await osc.comando("alerta", aviso.botoes[0].valor.split()[-1])
    assert "Frequência até agora: 74%." in osc.ultima.texto
    await osc.toca("Confirma desistência")
    await osc.toca("Faltas seguidas")
    await acessuas.comando("desistentes")
    linha = acessuas.ultima.texto
    assert "(74%)" in linha
    assert "Pessoa de Teste, 27 anos, sem telefone. " in linha  # não "telefone sem telefone"
    await acessuas.toca("Planilha (.xlsx)")
    anexo = next(s.anexo for s in acessuas.ouvidas if s.anexo)
    planilha = openpyxl.load_workbook(io.BytesIO(anexo.dados)).active
    assert planilha is not None
    valores = [c for linha in planilha.iter_rows(values_only=True) for c in linha]
    assert 0.74 in valores and 0.74598 not in valores


async def test_r19_desistentes_com_telefone_diz_telefone_uma_vez(cena: Cena) -> None:
    async with transacao(cena.banco) as c:
        await c.execute(sa.update(PreInscricao).values(telefone="14991234567"))
    osc = await cena.tecnico("900")
    acessuas = await cena.tecnico("904", "acessuas")
    await cena.noite()
    await osc.toca("Confirma desistência", em=(await cena.da_fila("900"))[0])
    await osc.toca("Sem contato")
    await acessuas.comando("desistentes")
    assert "27 anos, telefone (14) 99123-4567. " in acessuas.ultima.texto


async def test_r19_quem_ja_saiu_ve_a_matricula_encerrada_e_pode_pedir_para_voltar(
    cena: Cena,
) -> None:
    osc = await cena.tecnico("900")
    await cena.noite()
    await osc.toca("Confirma desistência", em=(await cena.da_fila("900"))[0])
    await osc.toca("Faltas seguidas")
    antes = len(await cena.da_fila("900"))
    pessoa = cena.conversa("100")
    for digitado in ("frequência", "desisto"):
        await pessoa.diz(digitado)
        assert pessoa.ultima.texto.startswith(
            "Sua matrícula na turma T0 (Confeitaria) foi encerrada em 01/03/2027."
        )
        assert "ainda não está em uma turma" not in pessoa.ultima.texto
    await pessoa.diz("quero continuar")
    assert pessoa.ultima.texto.startswith("Que bom que você quer continuar!")
    (volta,) = (await cena.da_fila("900"))[antes:]
    assert volta.texto.startswith("Pessoa de Teste, turma T0 (Confeitaria), teve a desistência")
    await pessoa.diz("quero continuar")  # de novo: a OSC já sabe
    cuidado = (await cena.da_fila("100"))[0]
    await pessoa.toca("Quero continuar", em=cuidado)  # o botão da mensagem antiga, idem
    assert pessoa.ultima.texto.startswith("Que bom que você quer continuar!")
    assert len(await cena.da_fila("900")) == antes + 1
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "desistente"


@pytest.mark.parametrize(
    ("hora", "minuto", "sai_em"),
    [
        (7, 0, None),  # de dia: já
        (14, 0, None),
        (20, 59, None),
        (21, 0, em_bauru(2027, 3, 2, 7)),  # de noite: às 7h do dia seguinte
        (22, 30, em_bauru(2027, 3, 2, 7)),
        (23, 59, em_bauru(2027, 3, 2, 7)),
    ],
)
def test_r17_mensagem_de_cuidado_nao_sai_de_noite(
    hora: int, minuto: int, sai_em: datetime | None
) -> None:
    agora = em_bauru(2027, 3, 1, hora, minuto)
    assert hora_de_cuidar(agora) == (sai_em or agora)


def test_r17_mensagem_de_cuidado_de_madrugada_sai_as_7h_do_mesmo_dia() -> None:
    madrugada = datetime(2027, 3, 2, 5, 30, tzinfo=UTC)  # 2h30 em Bauru
    assert hora_de_cuidar(madrugada) == em_bauru(2027, 3, 2, 7)
