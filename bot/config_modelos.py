"""Configuração da fila do WhatsApp: os modelos aprovados (templates) de cada aviso, o
limite diário de pessoas alcançadas fora da janela e o espaço entre mensagens à mesma
pessoa. Lida do ambiente; documentada no README (com o texto exato de cada modelo, que
fica no catálogo: `whatsapp_fila.modelo.<chave>`).

Cada aviso da fila leva um `Modelo(chave, valores)` (fluxos.avisos_fila). Aqui cada chave
ganha o nome do modelo na Meta, o idioma e a ORDEM dos parâmetros ({{1}}, {{2}}...):
`WHATSAPP_MODELO_CONVOCACAO=convocacao_curso:pt_BR:nome,curso,quando,local,prazo`
(o quarto campo, opcional, é a categoria: `utility`, o padrão, é a que o programa usa).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from types import MappingProxyType

UTILIDADE = "utility"
CATEGORIAS = frozenset({"utility", "marketing", "authentication"})
LIMITES_DA_META = (250, 2_000, 10_000, 100_000)  # os degraus (tiers) de um número novo
_NOME = re.compile(r"[a-z0-9_]{1,512}")
_IDIOMA = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_PARAMETRO = re.compile(r"[a-z_]{1,40}")


@dataclass(frozen=True, slots=True)
class ConfigModelo:
    """Um modelo aprovado: `parametros` na ordem de {{1}}, {{2}}...; `botoes`: quantos
    botões de resposta rápida ele tem (os da mensagem, na mesma ordem); `documento`: o
    modelo tem cabeçalho de documento (a planilha vai junto)."""

    nome: str
    idioma: str = "pt_BR"
    parametros: tuple[str, ...] = ()
    categoria: str = UTILIDADE
    botoes: int = 0
    documento: bool = False


# chave do aviso → o modelo padrão (o texto de cada um: whatsapp_fila.po)
PADRAO: Mapping[str, ConfigModelo] = MappingProxyType(
    {
        "convocacao": ConfigModelo(
            "convocacao_curso", parametros=("nome", "curso", "quando", "local", "prazo"), botoes=2
        ),
        "prazo": ConfigModelo("prazo_convocacao", parametros=("nome", "curso", "prazo"), botoes=2),
        "lembrete_aula": ConfigModelo(
            "lembrete_aula", parametros=("dia", "curso", "hora", "local"), botoes=2
        ),
        "cuidado": ConfigModelo("recado_cuidado", parametros=("nome", "curso"), botoes=3),
        "alerta_equipe": ConfigModelo("alerta_equipe", parametros=("aviso",)),
        "resposta_ajuda": ConfigModelo("resposta_atendimento", parametros=("resposta",)),
        "aviso": ConfigModelo("aviso_programa", parametros=("aviso",)),
        "lista_osc": ConfigModelo("lista_osc", parametros=("aviso",), documento=True),
    }
)


@dataclass(frozen=True)
class ConfigFila:
    """`folga`: perto do fim da janela de 24 h, melhor ir de modelo (a mensagem livre pode
    chegar tarde); `espaco_pessoa`: segundos entre mensagens à mesma pessoa (erro 131056
    do WhatsApp: cerca de uma a cada 6 s)."""

    modelos: Mapping[str, ConfigModelo] = field(default_factory=lambda: PADRAO)
    limite_diario: int = LIMITES_DA_META[0]
    folga: timedelta = timedelta(minutes=10)
    espaco_pessoa: float = 6.0

    def categoria(self, chave: str) -> str:
        modelo = self.modelos.get(chave)
        return modelo.categoria if modelo is not None else UTILIDADE


def ler_modelo(valor: str, nome_da_variavel: str) -> ConfigModelo:
    """ "nome:idioma:p1,p2[:categoria]" → ConfigModelo; ValueError dizendo o que está errado."""
    partes = [p.strip() for p in valor.split(":")]
    if len(partes) not in (3, 4):
        raise ValueError(
            f"{nome_da_variavel} deve ser nome:idioma:parametro1,parametro2 (veio {valor!r})"
        )
    nome, idioma, lista = partes[:3]
    parametros = tuple(p.strip() for p in lista.split(",") if p.strip())
    categoria = partes[3] if len(partes) == 4 else UTILIDADE
    if not _NOME.fullmatch(nome):
        raise ValueError(f"{nome_da_variavel}: nome do modelo só com a-z, 0-9 e _ (veio {nome!r})")
    if not _IDIOMA.fullmatch(idioma):
        raise ValueError(f"{nome_da_variavel}: idioma como pt_BR (veio {idioma!r})")
    if not all(_PARAMETRO.fullmatch(p) for p in parametros) or len(set(parametros)) != len(
        parametros
    ):
        raise ValueError(f"{nome_da_variavel}: parâmetros repetidos ou com letras fora de a-z e _")
    if categoria not in CATEGORIAS:
        raise ValueError(f"{nome_da_variavel}: categoria deve ser uma de {sorted(CATEGORIAS)}")
    return ConfigModelo(nome, idioma, parametros, categoria)


def _positivo(ambiente: Mapping[str, str], nome: str, padrao: float, inteiro: bool) -> float:
    valor = ambiente.get(nome, "").strip()
    if not valor:
        return padrao
    try:
        numero = int(valor) if inteiro else float(valor)
    except ValueError:
        numero = -1
    if numero <= 0:
        tipo = "um número inteiro" if inteiro else "um número"
        raise ValueError(f"{nome} deve ser {tipo} maior que zero (veio {valor!r})")
    return numero


def ler_config_fila(ambiente: Mapping[str, str] = os.environ) -> ConfigFila:
    """A configuração da fila do WhatsApp; ValueError com a variável e o motivo."""
    modelos = dict(PADRAO)
    for chave, padrao in PADRAO.items():
        variavel = f"WHATSAPP_MODELO_{chave.upper()}"
        if ambiente.get(variavel, "").strip():
            lido = ler_modelo(ambiente[variavel], variavel)
            modelos[chave] = replace(
                padrao,
                nome=lido.nome,
                idioma=lido.idioma,
                parametros=lido.parametros,
                categoria=lido.categoria,
            )
    return ConfigFila(
        modelos=MappingProxyType(modelos),
        limite_diario=int(_positivo(ambiente, "WHATSAPP_LIMITE_DIARIO", 250, inteiro=True)),
        folga=timedelta(
            minutes=_positivo(ambiente, "WHATSAPP_FOLGA_JANELA_MIN", 10, inteiro=False)
        ),
        espaco_pessoa=_positivo(ambiente, "WHATSAPP_ESPACO_PESSOA_S", 6.0, inteiro=False),
    )
