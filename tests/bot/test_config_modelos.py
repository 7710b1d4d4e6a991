"""A configuração dos modelos e do limite diário do WhatsApp, lida do ambiente."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config_modelos import PADRAO, ConfigModelo, ler_config_fila


def test_sem_nada_no_ambiente_valem_os_padroes() -> None:
    config = ler_config_fila({})
    assert (config.limite_diario, config.folga, config.espaco_pessoa) == (
        250,
        timedelta(minutes=10),
        6.0,
    )
    assert config.modelos["convocacao"] == ConfigModelo(
        "convocacao_curso", "pt_BR", ("nome", "curso", "quando", "local", "prazo"), botoes=2
    )
    assert set(config.modelos) == set(PADRAO)


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (
            "convocacao_v2:pt_BR:nome,curso,data",
            ("convocacao_v2", "pt_BR", ("nome", "curso", "data"), "utility"),
        ),
        (" convite : es : curso , nome ", ("convite", "es", ("curso", "nome"), "utility")),
        ("convite:pt_BR:nome:marketing", ("convite", "pt_BR", ("nome",), "marketing")),
    ],
)
def test_modelo_configurado(valor: str, esperado: tuple[object, ...]) -> None:
    modelo = ler_config_fila({"WHATSAPP_MODELO_CONVOCACAO": valor}).modelos["convocacao"]
    assert (modelo.nome, modelo.idioma, modelo.parametros, modelo.categoria) == esperado
    assert modelo.botoes == 2  # os botões são do texto do modelo, não da configuração


@pytest.mark.parametrize(
    ("variavel", "valor", "diz"),
    [
        ("WHATSAPP_MODELO_CONVOCACAO", "so_o_nome", "nome:idioma:parametro1"),
        ("WHATSAPP_MODELO_CONVOCACAO", "Convocação:pt_BR:nome", "nome do modelo"),
        ("WHATSAPP_MODELO_PRAZO", "prazo:portugues:nome", "idioma como pt_BR"),
        ("WHATSAPP_MODELO_PRAZO", "prazo:pt_BR:nome,nome", "repetidos"),
        ("WHATSAPP_MODELO_AVISO", "aviso:pt_BR:aviso:barato", "categoria"),
        ("WHATSAPP_LIMITE_DIARIO", "mil", "WHATSAPP_LIMITE_DIARIO"),
        ("WHATSAPP_LIMITE_DIARIO", "0", "maior que zero"),
        ("WHATSAPP_ESPACO_PESSOA_S", "-6", "WHATSAPP_ESPACO_PESSOA_S"),
    ],
)
def test_valor_ruim_diz_qual_variavel_e_por_que(variavel: str, valor: str, diz: str) -> None:
    with pytest.raises(ValueError, match=diz):
        ler_config_fila({variavel: valor})


@pytest.mark.parametrize("degrau", [250, 2_000, 10_000, 100_000])
def test_limite_diario_segue_o_degrau_da_meta(degrau: int) -> None:
    assert ler_config_fila({"WHATSAPP_LIMITE_DIARIO": str(degrau)}).limite_diario == degrau
