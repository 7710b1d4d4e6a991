"""O codec do dado dos botões (`mensagens.botoes`, issue 11): o fio de sempre, o tamanho
conferido quando o botão é montado e o forjado lido como `None`."""

from __future__ import annotations

import pytest

from fluxos.estado import Estado
from fluxos.passos import Opcao
from mensagens.botoes import (
    LIMITE_BYTES,
    LIMITE_VALOR,
    MAIOR_VERSAO,
    DaFila,
    DoFluxo,
    codificar,
    comando_de,
    da_fila,
    decodificar,
    eh_da_fila,
)

# o fio é o de antes do codec: botões já enviados (Telegram) e envios na fila continuam
IDA_E_VOLTA = [
    (DaFila("turmas"), "cmd:turmas"),
    (DaFila("turma", (12,)), "cmd:turma 12"),
    (DaFila("conv_cancelar", (7, 3, "pediu_sair", "sim")), "cmd:conv_cancelar 7 3 pediu_sair sim"),
    (DoFluxo(3, "sim"), "3.sim"),
    (DoFluxo(41, "cmd:turma 12"), "41.cmd:turma 12"),  # a opção de uma tela da equipe
    (DoFluxo(5, "Jardim Bela Vista"), "5.Jardim Bela Vista"),
    (DoFluxo(0, ""), "0."),
]


@pytest.mark.parametrize(("dado", "fio"), IDA_E_VOLTA)
def test_codifica_no_formato_de_sempre_e_volta_igual(dado: DaFila | DoFluxo, fio: str) -> None:
    assert codificar(dado) == fio
    assert decodificar(fio) == dado


def test_argumentos_voltam_como_texto() -> None:
    """O comando recebe texto ("12") e confere cada id (`fluxos.regras.ids`)."""
    assert DaFila("turma", (12,)).argumentos == ("12",)
    assert da_fila("priorizar_lista", 4, 1) == "cmd:priorizar_lista 4 1"
    assert decodificar("cmd:conv_sim 7 3") == DaFila("conv_sim", ("7", "3"))
    assert DaFila("conv_sim", (7, 3)).argumento == "7 3"


# um botão forjado, malformado ou de outro sistema: None (o motor diz "mensagem antiga")
FORJADOS = [
    "",
    "cmd:",
    "cmd: 12",
    "cmd:Turma 12",
    "cmd:turma;drop 1",
    "cmd:" + "x" * 61,
    "cmd:turma " + "9" * 60,
    "abc",
    "x.sim",
    "-1.sim",
    "١.sim",  # dígito árabe: não é versão
    "3",
    f"{MAIOR_VERSAO + 1}.sim",
    "3." + "ç" * 32,  # 34 caracteres, 66 bytes
]


@pytest.mark.parametrize("fio", FORJADOS)
def test_forjado_ou_malformado_vira_none(fio: str) -> None:
    assert decodificar(fio) is None
    assert not eh_da_fila(fio)


def test_argumentos_estranhos_chegam_ao_comando_que_os_confere() -> None:
    """Lixo que cabe no botão chega ao comando, que responde com gentileza (os testes de
    `tests/fluxos/equipe/test_argumentos_ruins.py`); espaços a mais não contam."""
    assert decodificar("cmd:buscar_ver 1; DROP") == DaFila("buscar_ver", ("1;", "DROP"))
    assert decodificar("cmd:turma  12 ") == DaFila("turma", ("12",))
    assert decodificar("cmd:turma <script>") == DaFila("turma", ("<script>",))
    assert comando_de("sim") is None


def test_cabe_exatamente_no_limite_do_canal_mais_estrito() -> None:
    """64 bytes UTF-8: o `callback_data` do Telegram (o WhatsApp aceita 200 e 256)."""
    no_limite = DaFila("x", ("a" * (LIMITE_BYTES - len("cmd:x ")),))
    assert len(codificar(no_limite).encode()) == LIMITE_BYTES
    maior = DoFluxo(MAIOR_VERSAO, "v" * LIMITE_VALOR)
    assert len(codificar(maior).encode()) == LIMITE_BYTES
    assert decodificar(codificar(maior)) == maior


# montar um botão que não cabe é erro de quem programou: ValueError na hora, com o dado
GRANDES_DEMAIS = [
    (lambda: DaFila("x", ("a" * (LIMITE_BYTES - len("cmd:x ")) + "b",)), "65 bytes"),
    (lambda: DaFila("turma", ("ç" * 29,)), "68 bytes"),  # ç são 2 bytes
    (lambda: DoFluxo(1, "v" * 63), "65 bytes"),
    (lambda: Opcao("v" * (LIMITE_VALOR + 1), "Rótulo"), "57 bytes"),
    (lambda: Opcao("ã" * 29, "Rótulo"), "58 bytes"),
]


@pytest.mark.parametrize(("montar", "tamanho"), GRANDES_DEMAIS)
def test_botao_grande_demais_falha_ao_ser_montado(montar: object, tamanho: str) -> None:
    with pytest.raises(ValueError, match=tamanho):
        montar()  # type: ignore[operator]


MALFORMADOS = [
    lambda: DaFila("", ()),
    lambda: DaFila("Turma", (1,)),
    lambda: DaFila("turma", ("1 2",)),
    lambda: DaFila("turma", ("",)),
    lambda: DoFluxo(-1, "sim"),
    lambda: DoFluxo(MAIOR_VERSAO + 1, "sim"),
]


@pytest.mark.parametrize("montar", MALFORMADOS)
def test_botao_malformado_falha_ao_ser_montado(montar: object) -> None:
    with pytest.raises(ValueError, match="botao"):
        montar()  # type: ignore[operator]


def test_opcao_no_limite_cabe_com_qualquer_versao() -> None:
    opcao = Opcao("v" * LIMITE_VALOR, "Rótulo")
    assert len(codificar(DoFluxo(MAIOR_VERSAO, opcao.valor)).encode()) == LIMITE_BYTES


def test_versao_da_volta_antes_de_nao_caber() -> None:
    estado = Estado(versao=MAIOR_VERSAO - 1)
    estado.nova_versao()
    assert estado.versao == MAIOR_VERSAO
    estado.nova_versao()
    assert estado.versao == 1


def test_conversa_guardada_com_opcao_que_nao_cabe_mais_carrega() -> None:
    """Uma opção gravada antes da conferência, grande demais, fica de fora; nada quebra."""
    guardado = '{"o":[["sim","Sim"],["' + "v" * 60 + '","Longa"]]}'
    estado = Estado.de_json("", "", 3, guardado)
    assert [o.valor for o in estado.opcoes] == ["sim"]
