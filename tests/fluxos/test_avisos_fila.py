"""Todo aviso da fila tem modelo (o WhatsApp, fora da janela de 24 h, só leva modelo
aprovado), e todo modelo tem o texto exato para a Meta no catálogo, com os parâmetros e os
botões que a configuração promete."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.config_modelos import PADRAO
from fluxos import avisos_fila
from fluxos.avisos_fila import AvisoSemModelo, conteudo_do_aviso
from mensagens.catalogo import texto
from mensagens.formatos import LIMITE_BOTAO
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida

RAIZ = Path(__file__).resolve().parents[2]
# quem grava `saida_para_json` sem ser aviso novo: a resposta repetida, o conteúdo apagado
# pela retenção, o anexo tirado depois de entregue, e o próprio avisos_fila
PODEM = {
    "fluxos/avisos_fila.py",
    "fluxos/repeticao.py",
    "fluxos/retencao.py",
    "bot/despacho_resultados.py",
    # a resposta a quem acabou de escrever que não saiu (API fora): vai pela fila dentro da
    # janela de 24 h aberta pela própria mensagem, sem modelo (não é aviso)
    "bot/whatsapp/processamento.py",
}


def _quem_chama_saida_para_json() -> set[str]:
    achados = set()
    for pasta in ("bot", "fluxos", "armazenamento"):
        for arquivo in (RAIZ / pasta).rglob("*.py"):
            arvore = ast.parse(arquivo.read_text(encoding="utf-8"))
            for no in ast.walk(arvore):
                if (
                    isinstance(no, ast.Call)
                    and isinstance(no.func, ast.Name)
                    and no.func.id == "saida_para_json"
                ):
                    achados.add(arquivo.relative_to(RAIZ).as_posix())
    return achados


def test_todo_aviso_da_fila_passa_por_conteudo_do_aviso() -> None:
    """Quem põe aviso na fila grava o conteúdo por `avisos_fila`, que exige o modelo."""
    assert _quem_chama_saida_para_json() <= PODEM


def test_aviso_sem_modelo_nao_entra_na_fila() -> None:
    with pytest.raises(AvisoSemModelo):
        conteudo_do_aviso(Saida("Amanhã tem aula"))


def test_aviso_com_modelo_guarda_os_dados_na_fila() -> None:
    saida = avisos_fila.com_modelo(Saida("Oi, Ana"), "cuidado", nome="Ana", curso="Costura")

    lida = saida_de_json(conteudo_do_aviso(saida))

    assert lida.modelo is not None
    assert (lida.modelo.chave, lida.modelo.valor("nome"), lida.modelo.valor("curso")) == (
        "cuidado",
        "Ana",
        "Costura",
    )


def test_cada_chave_de_aviso_tem_modelo_configurado() -> None:
    chaves = {
        valor
        for nome, valor in vars(avisos_fila).items()
        if nome.isupper() and isinstance(valor, str)
    }
    assert chaves == set(PADRAO)


@pytest.mark.parametrize("chave", sorted(PADRAO))
def test_texto_do_modelo_para_a_meta(chave: str) -> None:
    """{{1}}..{{N}} na ordem, um por parâmetro; nunca no começo nem no fim (a Meta
    recusa); botões de resposta rápida com até 20 letras, quantos a configuração diz."""
    config = PADRAO[chave]
    corpo = texto(f"whatsapp_fila.modelo.{chave}")
    numeros = [int(n) for n in re.findall(r"\{\{(\d+)\}\}", corpo)]
    assert numeros == list(range(1, len(config.parametros) + 1))
    assert not corpo.startswith("{{") and not corpo.rstrip(".").endswith("}}")
    assert len(corpo) <= 1024
    botoes = texto(f"whatsapp_fila.modelo.{chave}.botoes").splitlines() if config.botoes else []
    assert len(botoes) == config.botoes
    assert all(0 < len(b) <= LIMITE_BOTAO for b in botoes)


@pytest.mark.parametrize(
    ("chave", "da_mensagem"),
    [
        ("convocacao", ["convocacao.botao_sim", "convocacao.botao_nao"]),
        ("prazo", ["convocacao.botao_sim", "convocacao.botao_nao"]),
        ("lembrete_aula", ["lembretes.botao_vou", "lembretes.botao_falta"]),
        ("cuidado", ["evasao.botao_continuar", "evasao.botao_ajuda", "evasao.botao_desistir"]),
    ],
)
def test_botoes_do_modelo_sao_os_da_mensagem(chave: str, da_mensagem: list[str]) -> None:
    """O botão de índice i do modelo leva o valor do botão i da mensagem: os rótulos batem."""
    assert texto(f"whatsapp_fila.modelo.{chave}.botoes").splitlines() == [
        texto(c) for c in da_mensagem
    ]


def test_lembrete_de_aula_leva_dia_curso_hora_e_local_no_modelo() -> None:
    from datetime import UTC, datetime

    from armazenamento.lembretes import Aula
    from fluxos.lembretes import montar_lembrete

    terca_14h = datetime(2027, 2, 16, 17, 0, tzinfo=UTC)  # 14h em Bauru
    sem_local = montar_lembrete(Aula(1, 2, terca_14h, "Confeitaria", " "))
    com_local = montar_lembrete(Aula(1, 2, terca_14h, "Confeitaria", "rua Rio Branco, 14-60"))

    assert sem_local.modelo is not None and com_local.modelo is not None
    assert dict(sem_local.modelo.valores) == {
        "dia": "terça-feira, 16 de fevereiro",
        "curso": "Confeitaria",
        "hora": "14h",
        "local": "o mesmo das outras aulas",
    }
    assert com_local.modelo.valor("local") == "rua Rio Branco, 14-60"
