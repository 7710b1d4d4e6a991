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
- `motivo` (vai ao registro e a `envio.ultimo_erro`) leva só o código, o subcódigo, o
  título do nosso mapa e a classe do erro: nunca o texto livre do Graph, que pode citar a
  pessoa (o número, o nome, o texto enviado).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.limite_envio import LimiteDeEnvio
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
_CLASSE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")  # "OAuthException", "GraphMethodException"


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
    `/{phone_number_id}/messages` e `/{phone_number_id}/media`.

    `limite`: a vazão do número (mensagens por segundo), esperada logo antes de cada POST
    de mensagem e pausada por um erro de vazão. Aqui, e não antes de cada linha da fila:
    uma Saida pode virar várias mensagens, e entre a vez e o POST a fila ainda consulta a
    janela e reserva o modelo no banco; esse tempo, que varia, juntava envios que saíram
    espaçados e a Cloud API recusava com 130429 (medido no `bench/whatsapp.py`)."""

    def __init__(
        self,
        config: ConfigGraph,
        sessao: aiohttp.ClientSession | None = None,
        limite: LimiteDeEnvio | None = None,
    ) -> None:
        self.config = config
        self.limite = limite
        self._sessao = sessao
        self._dona = sessao is None
        self._vazao_seguidas = 0
        self._vazao_em = 0.0  # quando chegou o último erro de vazão (relógio monotônico)
        self._vazao_espera = 0.0

    async def enviar(self, payload: dict[str, Any]) -> Resultado:
        """Envia uma mensagem (o JSON de `/messages`, já com `to`) e diz o que aconteceu."""
        url = f"{self.config.base_url.rstrip('/')}/{self.config.phone_number_id}/messages"
        if self.limite is not None:
            await self.limite.esperar()
        resposta = await self._post(url, json=payload)
        if not isinstance(resposta, dict):
            pausa = _pausa_do_numero(resposta)
            if self.limite is not None and pausa > 0:
                self.limite.pausar(pausa)
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
        resposta = await self._post(url, data=formulario)
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

    async def _post(self, url: str, **corpo: Any) -> dict[str, Any] | Resultado:
        """O corpo JSON da resposta 200, ou o resultado do erro."""
        tempos = aiohttp.ClientTimeout(
            total=None, connect=self.config.conectar, sock_read=self.config.ler
        )
        cabecalhos = {"Authorization": f"Bearer {self.config.token}"}
        saiu = time.monotonic()
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
        return self._classificar(status, corpo_json, saiu)

    def _classificar(self, status: int, corpo: dict[str, Any] | None, saiu: float) -> Resultado:
        erro = corpo.get("error") if corpo else None
        if not isinstance(erro, dict) or not isinstance(erro.get("code"), int):
            return self._por_status(status, saiu)
        codigo: int = erro["code"]
        motivo = _motivo(codigo, status, erro)
        if codigo in FORA_DA_JANELA:
            return ForaDaJanela(motivo)
        if codigo in VAZAO:
            return Repetir(self._recuo(saiu), motivo)
        if codigo in PAR:
            return Repetir(ESPERA_PAR, motivo, so_esta_pessoa=True)
        if codigo in INALCANCAVEL:
            return Inalcancavel(motivo)
        if codigo in MODELO_RECUSADO:
            return Repetir(ESPERA_MODELO, motivo, so_esta_pessoa=True)
        if codigo in TOKEN or codigo in PASSAGEIRO or status == 401 or status >= 500:
            return Repetir(0.0, motivo)
        return Falhou(motivo)

    def _por_status(self, status: int, saiu: float) -> Resultado:
        """Resposta sem o corpo de erro do Graph (um proxy, um balanceador na frente)."""
        motivo = f"whatsapp: http {status} sem corpo do Graph"
        if status == 429:
            return Repetir(self._recuo(saiu), motivo)
        if status == 401 or status >= 500:
            return Repetir(0.0, motivo)
        return Falhou(motivo)

    def _recuo(self, saiu: float) -> float:
        """O recuo cresce a cada erro de vazão seguido. Pedido que já estava no ar quando o
        erro anterior chegou (os envios em paralelo da mesma rajada) é o mesmo episódio:
        recebe a mesma espera, sem dobrar (dobrar por eles parava o canal 4 s, 8 s...)."""
        if saiu < self._vazao_em:
            return self._vazao_espera
        primeiro, maior = RECUO_VAZAO
        self._vazao_espera = min(maior, primeiro * 2.0**self._vazao_seguidas)
        self._vazao_seguidas += 1
        self._vazao_em = time.monotonic()
        return self._vazao_espera


def _pausa_do_numero(resultado: Resultado) -> float:
    """Segundos que o número inteiro espera depois de um erro de vazão (0: nenhum; a
    espera do par, 131056, só adia aquela pessoa)."""
    if isinstance(resultado, Repetir) and not resultado.so_esta_pessoa:
        return resultado.depois_de
    return 0.0


def _json(bruto: bytes) -> dict[str, Any] | None:
    try:
        corpo = json.loads(bruto)
    except ValueError:
        return None
    return corpo if isinstance(corpo, dict) else None


def _motivo(codigo: int, status: int, erro: dict[str, Any]) -> str:
    """ "whatsapp:<codigo>[/<subcódigo>] <título> (<classe>, http N)". Nunca o texto livre do
    Graph (`message`, `error_data.details`): ele pode citar o número, o nome, o texto
    enviado; o código, o subcódigo e a classe bastam para achar a causa na documentação."""
    subcodigo = erro.get("error_subcode")
    sub = f"/{subcodigo}" if isinstance(subcodigo, int) and not isinstance(subcodigo, bool) else ""
    classe = erro.get("type")
    classe = classe if isinstance(classe, str) and _CLASSE.fullmatch(classe) else "?"
    titulo = TITULOS.get(codigo, "erro do Graph")
    return f"whatsapp:{codigo}{sub} {titulo} ({classe}, http {status})"[:LIMITE_MOTIVO]
