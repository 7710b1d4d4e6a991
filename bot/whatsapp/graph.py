"""Cliente pequeno do Graph API (WhatsApp Cloud API) sobre aiohttp: enviar mensagem e
subir arquivo. Nenhuma exceção escapa: todo erro vira um `Resultado`.

Por que não o `pywa`: precisamos apontar para uma base falsa nos testes, de um mapa de erros
nosso (o despachante decide por ele) e de nada além de dois POSTs; o aiohttp já está aqui.

Mapa de erros (o `code` do corpo `{"error": {...}}` manda; o status HTTP só quando não há
corpo do Graph):

| o que a API/rede fez                              | resultado                             |
|---------------------------------------------------|---------------------------------------|
| 200 com `messages[0].id`                          | Enviada(wamid)                        |
| 131047 (mais de 24 h desde a última mensagem      | ForaDaJanela (vai como modelo)        |
|   da pessoa)                                      |                                       |
| 130429 (vazão do número), 80007 (limite da conta),| Repetir(recuo: 1, 2, 4... até 60 s;   |
|   4 (chamadas demais), HTTP 429 sem código        |   o canal pausa; zera ao dar certo)   |
| 131056 (par: ~1 msg a cada 6 s à mesma pessoa)    | Repetir(6, so_esta_pessoa=True)       |
| 131026 (não entregável: sem WhatsApp, versão      | Inalcancavel("whatsapp:131026 ...")   |
|   velha, termos não aceitos), 368 (bloqueio       |                                       |
|   temporário por política)                        |                                       |
| 190 ou HTTP 401 (token recusado/vencido)          | Repetir(0) (como no Telegram: erro de |
|                                                   |   configuração, a fila não falha toda)|
| 1, 2, 131000, 131016 (erro passageiro do Graph),  | Repetir(0)                            |
|   HTTP 5xx, conexão recusada/resetada/fechada,    |                                       |
|   tempo esgotado ao conectar                      |                                       |
| tempo esgotado esperando a resposta               | Incerta (pode ter saído: não reenviar)|
| 132001 modelo inexistente (nome/idioma), 132000   | Repetir(ESPERA_MODELO, só a linha):   |
|   parâmetros em número errado, 132007 política    |   erro da NOSSA configuração; a linha |
|   de formato, 132015 pausado, 132016 desativado   |   espera na fila (não se perde) até o |
|                                                   |   modelo ser corrigido (`bot.whatsapp.|
|                                                   |   fila` avisa em WARNING)             |
| qualquer outro código (131009 parâmetro inválido, | Falhou("whatsapp:<codigo> ...")       |
|   132005 texto longo demais, 132012 formato de    |                                       |
|   um parâmetro: desta mensagem) ou resposta       |                                       |
|   ilegível                                        |                                       |

Decisões:

- `Repetir.depois_de` > 0 pausa o canal inteiro no despachante (`LimiteDeEnvio.pausar`) e não
  gasta tentativa. O Graph não diz quanto esperar: o recuo cresce a cada erro de vazão
  seguido (`RECUO_VAZAO`) e volta ao começo no primeiro envio aceito.
- 131056 é do par (número da empresa, pessoa): espera de `ESPERA_PAR` s só para essa linha
  (`so_esta_pessoa`), sem parar as outras pessoas.
- Subir arquivo (`subir_midia`) não manda nada à pessoa: tempo esgotado ali vira
  `Repetir(0)` (subir de novo só gasta um id de mídia), nunca `Incerta`.
- `motivo` nunca leva o texto da mensagem, o telefone nem o token: só o código, o título do
  nosso mapa e a mensagem do Graph com qualquer valor do pedido e qualquer sequência de 6+
  dígitos apagados, até 200 caracteres.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.resultado_envio import (
    Enviada,
    Falhou,
    ForaDaJanela,
    Inalcancavel,
    Incerta,
    Repetir,
    Resultado,
)

GRAPH_PADRAO = "https://graph.facebook.com/v23.0"
LIMITE_MOTIVO = 200
ESPERA_PAR = 6.0  # segundos: ~1 mensagem a cada 6 s para a mesma pessoa
RECUO_VAZAO = (1.0, 60.0)  # primeiro e maior recuo depois de erro de vazão
FORA_DA_JANELA = frozenset({131047})
VAZAO = frozenset({130429, 80007, 4})
PAR = frozenset({131056})
INALCANCAVEL = frozenset({131026, 368})
TOKEN = frozenset({190})
PASSAGEIRO = frozenset({1, 2, 131000, 131016})
# o modelo configurado não vale para NENHUMA mensagem (nome, idioma, parâmetros, pausado,
# desativado): conserta-se a configuração ou o modelo na Meta, e a fila espera
MODELO_RECUSADO = frozenset({132000, 132001, 132007, 132015, 132016})
ESPERA_MODELO = 3600.0  # segundos: a linha tenta de novo a cada hora, sem gastar tentativa
TITULOS = {
    1: "erro desconhecido da API",
    2: "servico temporariamente fora",
    4: "chamadas demais",
    190: "token recusado",
    368: "bloqueio temporario por politica",
    80007: "limite da conta",
    130429: "vazao do numero",
    131000: "algo deu errado no Graph",
    131016: "servico indisponivel",
    131026: "mensagem nao entregavel",
    131047: "fora da janela de 24 h",
    131056: "limite do par",
    132000: "parametros do modelo em numero errado",
    132001: "modelo inexistente (nome ou idioma)",
    132005: "texto do modelo longo demais",
    132007: "modelo fora da politica de formato",
    132012: "formato de parametro do modelo",
    132015: "modelo pausado",
    132016: "modelo desativado",
}
ESTRUTURA = frozenset({"messaging_product", "recipient_type", "type", "preview_url"})
_DIGITOS = re.compile(r"\+?\d[\d .()-]{4,}\d")


@dataclass(frozen=True, slots=True)
class ConfigGraph:
    """Onde e com que credencial falar. `base_url` sem barra no fim (os testes apontam para
    a Graph API falsa). `ler`: segundos esperando a resposta depois que o pedido saiu."""

    phone_number_id: str
    token: str = field(repr=False)
    base_url: str = GRAPH_PADRAO
    conectar: float = 5.0
    ler: float = 10.0
    conexoes: int = 64


class ClienteGraph:
    """Um `ClientSession` (criado na primeira chamada, se não vier pronto) para os POSTs
    `/{phone_number_id}/messages` e `/{phone_number_id}/media`."""

    def __init__(self, config: ConfigGraph, sessao: aiohttp.ClientSession | None = None) -> None:
        self.config = config
        self._sessao = sessao
        self._dona = sessao is None
        self._vazao_seguidas = 0

    async def enviar(self, payload: dict[str, Any]) -> Resultado:
        """Envia uma mensagem (o JSON de `/messages`, já com `to`) e diz o que aconteceu."""
        url = f"{self.config.base_url.rstrip('/')}/{self.config.phone_number_id}/messages"
        resposta = await self._post(url, list(_valores(payload)), json=payload)
        if not isinstance(resposta, dict):
            return resposta
        mensagens = resposta.get("messages")
        if isinstance(mensagens, list) and mensagens and isinstance(mensagens[0], dict):
            return Enviada(str(mensagens[0].get("id", "")))
        return Falhou("whatsapp: resposta sem id da mensagem")

    async def subir_midia(self, nome: str, tipo: str, dados: bytes) -> str | Resultado:
        """Sobe um arquivo (multipart) e devolve o id da mídia para usar num `document`."""
        url = f"{self.config.base_url.rstrip('/')}/{self.config.phone_number_id}/media"
        formulario = aiohttp.FormData()
        formulario.add_field("messaging_product", "whatsapp")
        formulario.add_field("type", tipo)
        formulario.add_field("file", dados, filename=nome, content_type=tipo)
        resposta = await self._post(url, [nome], data=formulario)
        if isinstance(resposta, Incerta):  # nada chegou à pessoa: subir de novo é seguro
            return Repetir(0.0, resposta.motivo)
        if not isinstance(resposta, dict):
            return resposta
        if not resposta.get("id"):
            return Falhou("whatsapp: resposta sem id da midia")
        return str(resposta["id"])

    async def fechar(self) -> None:
        if self._dona and self._sessao is not None and not self._sessao.closed:
            await self._sessao.close()

    def _abrir(self) -> aiohttp.ClientSession:
        if self._sessao is None or self._sessao.closed:
            limite = self.config.conexoes
            conector = aiohttp.TCPConnector(limit=limite, limit_per_host=limite)
            self._sessao = aiohttp.ClientSession(connector=conector)
            self._dona = True
        return self._sessao

    async def _post(
        self, url: str, segredos: list[str], **corpo: Any
    ) -> dict[str, Any] | Resultado:
        """O corpo JSON da resposta 200, ou o resultado do erro."""
        tempos = aiohttp.ClientTimeout(
            total=None, connect=self.config.conectar, sock_read=self.config.ler
        )
        cabecalhos = {"Authorization": f"Bearer {self.config.token}"}
        try:
            async with self._abrir().post(
                url, headers=cabecalhos, timeout=tempos, **corpo
            ) as resposta:
                status, bruto = resposta.status, await resposta.read()
        except aiohttp.ConnectionTimeoutError as erro:  # o pedido não saiu
            return Repetir(0.0, f"whatsapp: aiohttp.{type(erro).__name__}")
        except (aiohttp.SocketTimeoutError, TimeoutError) as erro:  # saiu; a resposta não veio
            return Incerta(f"whatsapp: tempo esgotado esperando a resposta ({type(erro).__name__})")
        except aiohttp.ClientError as erro:
            return Repetir(0.0, f"whatsapp: aiohttp.{type(erro).__name__}")
        corpo_json = _json(bruto)
        if status == 200 and corpo_json is not None:
            self._vazao_seguidas = 0
            return corpo_json
        return self._classificar(status, corpo_json, [*segredos, self.config.token])

    def _classificar(
        self, status: int, corpo: dict[str, Any] | None, segredos: list[str]
    ) -> Resultado:
        erro = corpo.get("error") if corpo else None
        if not isinstance(erro, dict) or not isinstance(erro.get("code"), int):
            return self._por_status(status)
        codigo: int = erro["code"]
        motivo = _motivo(codigo, status, erro, segredos)
        if codigo in FORA_DA_JANELA:
            return ForaDaJanela(motivo)
        if codigo in VAZAO:
            return Repetir(self._recuo(), motivo)
        if codigo in PAR:
            return Repetir(ESPERA_PAR, motivo, so_esta_pessoa=True)
        if codigo in INALCANCAVEL:
            return Inalcancavel(motivo)
        if codigo in MODELO_RECUSADO:
            return Repetir(ESPERA_MODELO, motivo, so_esta_pessoa=True)
        if codigo in TOKEN or codigo in PASSAGEIRO or status == 401 or status >= 500:
            return Repetir(0.0, motivo)
        return Falhou(motivo)

    def _por_status(self, status: int) -> Resultado:
        """Resposta sem o corpo de erro do Graph (um proxy, um balanceador na frente)."""
        motivo = f"whatsapp: http {status} sem corpo do Graph"
        if status == 429:
            return Repetir(self._recuo(), motivo)
        if status == 401 or status >= 500:
            return Repetir(0.0, motivo)
        return Falhou(motivo)

    def _recuo(self) -> float:
        primeiro, maior = RECUO_VAZAO
        espera = min(maior, primeiro * 2.0**self._vazao_seguidas)
        self._vazao_seguidas += 1
        return espera


def _json(bruto: bytes) -> dict[str, Any] | None:
    try:
        corpo = json.loads(bruto)
    except ValueError:
        return None
    return corpo if isinstance(corpo, dict) else None


def _motivo(codigo: int, status: int, erro: dict[str, Any], segredos: list[str]) -> str:
    """ "whatsapp:<codigo> <título> (http N): <mensagem do Graph, sem dados do pedido>"."""
    texto = f"whatsapp:{codigo} {TITULOS.get(codigo, 'erro do Graph')} (http {status})"
    partes = [erro.get("message"), (erro.get("error_data") or {}).get("details")]
    extra = " | ".join(str(p) for p in partes if isinstance(p, str) and p)
    if extra:
        texto += ": " + _apagar(extra, segredos)
    return texto[:LIMITE_MOTIVO]


def _apagar(texto: str, segredos: list[str]) -> str:
    """Tira do texto todo valor do pedido (texto, telefone, rótulos, nome de arquivo) e o
    token, mais qualquer sequência longa de dígitos (um telefone noutro formato)."""
    for segredo in sorted({s for s in segredos if len(s) >= 3}, key=len, reverse=True):
        texto = texto.replace(segredo, "<...>")
    return _DIGITOS.sub(_digitos_ou_codigo, texto)


def _digitos_ou_codigo(achado: re.Match[str]) -> str:
    """Códigos de erro do Graph ("(#131047)") ficam; telefones e documentos saem."""
    trecho = achado.group(0)
    limpo = re.sub(r"\D", "", trecho)
    return trecho if len(limpo) <= 6 and trecho.isdigit() else "<...>"


def _valores(payload: object) -> Iterator[str]:
    """As strings de um payload que dizem algo da pessoa ou da conversa (telefone, textos,
    rótulos, ids), para apagá-las de uma mensagem de erro; as de estrutura ficam."""
    if isinstance(payload, str):
        yield payload
    elif isinstance(payload, dict):
        for chave, valor in payload.items():
            if chave not in ESTRUTURA:
                yield from _valores(valor)
    elif isinstance(payload, list | tuple):
        for valor in payload:
            yield from _valores(valor)
