"""A parte da fila do `bench/whatsapp.py`: N convocações na fila "whatsapp" (cada uma para
uma pessoa diferente), enviadas pelo despachante montado como em `bot.app._ligar_whatsapp`
(`Despachante` com 8 envios em paralelo + `LimiteDeEnvio` com a folga da produção +
`RemetenteFilaWhatsApp` sobre `RemetenteWhatsApp` e `ClienteGraph`) à Graph API falsa, que
recusa com 130429 o que passar de R por segundo (a vazão do número na Cloud API). Metade
das pessoas escreveu há pouco (janela de 24 h aberta: mensagem livre com botões); a outra
metade, não (sai o modelo aprovado `convocacao`, com o limite diário no maior degrau da
Meta, para caber tudo num dia).

Tudo se conta na Graph API falsa, pelo horário em que cada mensagem foi ACEITA:
- `taxa_por_s`: (aceitas − 1) ÷ segundos da primeira à última aceita;
- `razao_limite`: `taxa_por_s` ÷ R (≤ 1,10: nunca acima do configurado; fica perto de
  0,98 pela folga de 2% do `LimiteDeEnvio`);
- `razao_tempo`: segundos ÷ ((N − 1) ÷ R), a `razao_limite` do `bench/envio.py` (≤ 1,10:
  o ritmo configurado foi aproveitado);
- `pico_1s`: o maior número de aceitas numa janela qualquer de 1 s;
- `recusas_130429`: pedidos recusados por passar de R numa janela de 1 s;
- `perdidas`: mensagens da fila que nunca foram aceitas; `duplicadas`: a mesma mensagem
  aceita mais de uma vez para a mesma pessoa; `enviadas_no_banco`: linhas "enviada".
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import deque
from datetime import timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import janelas
from armazenamento.modelos import Envio
from armazenamento.tempo import agora
from bot.config_modelos import LIMITES_DA_META, ConfigFila
from bot.despachante import Despachante
from bot.despachar import laco
from bot.lider import criar_lideranca
from bot.limite_envio import FOLGA, LimiteDeEnvio
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.remetente import RemetenteWhatsApp
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Botao, Modelo, Saida
from tests.falsos.graph_api import GraphApiFalsa

_E = Envio.__table__  # type: ignore[attr-defined]
PRIMEIRO_NUMERO = 5514990000000


class GraphDoBench(GraphApiFalsa):
    """A Graph API falsa que também anota quando aceitou cada mensagem, por pessoa."""

    def __init__(self) -> None:
        super().__init__()
        self.aceitas_em: list[float] = []
        self.ultima_em: dict[str, float] = {}
        self.recusadas = 0

    async def _mensagem(self, request: web.Request, corpo: dict[str, Any]) -> web.StreamResponse:
        resposta = await super()._mensagem(request, corpo)
        if resposta.status == 200:
            momento = time.perf_counter()
            self.aceitas_em.append(momento)
            self.ultima_em[str(corpo.get("to", ""))] = momento
        else:
            self.recusadas += 1
        return resposta


def convocacao(i: int) -> Saida:
    valores = (
        ("nome", f"Pessoa {i}"),
        ("curso", f"Curso {i % 7 + 1}"),
        ("quando", "segunda, 8h"),
        ("local", "CRAS Centro"),
        ("prazo", "sexta"),
    )
    return Saida(
        f"Olá! Sua vaga no curso {i % 7 + 1} foi confirmada (aviso {i}). Você vem?",
        (Botao("Vou", f"v1.vou.{i}"), Botao("Não vou poder", f"v1.nao.{i}")),
        modelo=Modelo("convocacao", valores),
    )


async def encher(banco: AsyncEngine, quantas: int) -> None:
    """`quantas` linhas vencidas na fila "whatsapp", cada uma para uma pessoa."""
    quando = agora() - timedelta(seconds=1)
    linhas = [
        {
            "canal": "whatsapp",
            "chat_id": str(PRIMEIRO_NUMERO + i),
            "conteudo": saida_para_json(convocacao(i)),
            "chave": f"bench:{i}",
            "estado": "pendente",
            "tentativas": 0,
            "proxima_em": quando,
            "arrendada_por": "",
            "id_provedor": "",
            "ultimo_erro": "",
            "criado_em": quando,
        }
        for i in range(quantas)
    ]
    async with banco.begin() as conexao:
        for inicio in range(0, quantas, 1000):
            await conexao.execute(insert(_E), linhas[inicio : inicio + 1000])
        for i in range(0, quantas, 2):  # os pares escreveram há pouco: janela aberta
            await janelas.registrar_entrada(conexao, "whatsapp", str(PRIMEIRO_NUMERO + i), quando)


def pico_em_1s(momentos: list[float]) -> int:
    """O maior número de aceitas dentro de uma janela qualquer de 1 segundo."""
    janela: deque[float] = deque()
    maior = 0
    for momento in momentos:
        janela.append(momento)
        while janela[0] <= momento - 1.0:
            janela.popleft()
        maior = max(maior, len(janela))
    return maior


async def medir_fila(banco: AsyncEngine, quantas: int, por_segundo: float) -> dict[str, Any]:
    """Enche a fila, despacha até esvaziar e conta na Graph API falsa."""
    await encher(banco, quantas)
    async with GraphDoBench() as graph:
        graph.limitar(por_segundo)
        limite = LimiteDeEnvio(por_segundo, folga=FOLGA)  # como na partida: a cada POST
        config_graph = ConfigGraph(graph.phone_number_id, graph.token, graph.base_url)
        cliente = ClienteGraph(config_graph, limite=limite)
        lideranca = criar_lideranca(banco, "whatsapp")
        config = ConfigFila(limite_diario=LIMITES_DA_META[-1])
        da_fila = RemetenteFilaWhatsApp(banco, RemetenteWhatsApp(cliente), cliente, config)
        despachante = Despachante(
            banco,
            "whatsapp",
            da_fila,
            None,
            paralelos=8,
            lideranca=lideranca,
        )
        argumentos = argparse.Namespace(ate_vazio=True, intervalo=0.2, reserva=2.0)
        try:
            await laco(despachante, lideranca, argumentos, asyncio.Event())
            await despachante.encerrar()
        finally:
            await lideranca.largar()
            await cliente.fechar()
        momentos = sorted(graph.aceitas_em)
        esperadas = {str(PRIMEIRO_NUMERO + i) for i in range(quantas)}
        por_pessoa = graph.enviadas_por_pessoa()
        tipos = [v.tipo for lista in por_pessoa.values() for v in lista]
        duracao = momentos[-1] - momentos[0] if len(momentos) > 1 else 0.0
        taxa = (len(momentos) - 1) / duracao if duracao else 0.0
        async with banco.connect() as conexao:
            consulta = select(func.count()).select_from(_E).where(_E.c.estado == "enviada")
            enviadas_no_banco = int((await conexao.execute(consulta)).scalar_one())
        return {
            "fila": quantas,
            "r": por_segundo,
            "taxa_por_s": round(taxa, 2),
            "razao_limite": round(taxa / por_segundo, 3),
            "razao_tempo": round(duracao / ((quantas - 1) / por_segundo), 3) if quantas > 1 else 0,
            "pico_1s": pico_em_1s(momentos),
            "recusas_130429": graph.recusadas,
            "livres": sum(t != "modelo" for t in tipos),
            "modelos": tipos.count("modelo"),
            "perdidas": len(esperadas - {p for p, lista in por_pessoa.items() if lista}),
            "duplicadas": graph.duplicadas(),
            "enviadas_no_banco": enviadas_no_banco,
            "segundos_fila": round(duracao, 2),
        }
