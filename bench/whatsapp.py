"""Benchmark do canal WhatsApp (issue 11). Imprime uma linha JSON.

1. Pré-inscrição pelo webhook: N cidadãos (padrão 1.000), intercalados como no
   `bench/preinscricao.py` (o passo k de todos antes do passo k+1), cada um fazendo a
   pré-inscrição inteira. Cada mensagem é um POST ASSINADO de verdade (HMAC-SHA256 dos
   bytes com o segredo do app) por HTTP ao nosso app aiohttp num TCPSite local (porta 0):
   webhook → caixa de entrada → processamento em fundo → motor → resposta pelo
   `RemetenteWhatsApp` à Graph API falsa (servidor aiohttp real). A pessoa lê os botões e
   listas que a Graph API falsa aceitou e toca (`button_reply`/`list_reply` com o id) ou
   digita. SQLite em arquivo. Uma mensagem por vez (`WA_BENCH_CONCORRENCIA`, padrão 1): a
   próxima sai quando a resposta da anterior chegou inteira à Graph API, como no bench do
   Telegram. Cliente, nosso app e Graph API falsa dividem o mesmo processo e a mesma CPU
   (em produção os dois de fora não gastam a nossa); por isso cada passo é seguido de um
   bloco igual no webhook de eco (`bench/whatsapp_eco.py`), o piso do aiohttp nesta
   máquina nesta hora.
   - `updates_por_s`: mensagens ÷ tempo de parede dos nossos blocos (do 1º POST do passo
     até a última marca de processada gravada);
   - `p50_ms`/`p95_ms`: do POST até o 200 do webhook (assinatura, leitura, caixa de
     entrada e janela de 24 h numa transação: o que a Meta espera). No mesmo processo, o
     200 disputa a CPU com o atendimento em fundo da mesma mensagem;
   - `p50_resposta_ms`/`p95_resposta_ms`: do POST até a ÚLTIMA mensagem da resposta
     aceita pela Graph API (o que a pessoa espera);
   - `eco_updates_por_s`, `razao_eco` (eco ÷ nosso, em mensagens por segundo),
     `eco_p95_resposta_ms`: o piso;
   - `bytes_por_preinscricao`: bytes (UTF-8) de texto, títulos de botões e de linhas,
     descrições e botão de lista que a pessoa recebe, ÷ pré-inscrições gravadas;
   - `mensagens_por_preinscricao`: mensagens aceitas pela Graph API ÷ pré-inscrições.
   As respostas passam por um `LimiteDeEnvio` de `WA_BENCH_VAZAO_RESPOSTAS` por segundo
   (padrão 1.000, o nível mais alto da Cloud API): no padrão de 80/s, um número não
   responderia 500 mensagens por segundo, e isso se mede na parte 2.
2. Fila: `WA_BENCH_FILA` mensagens (padrão 10.000, ~125 s) pelo despachante a
   `WA_BENCH_R` por segundo (padrão 80) — ver `bench/whatsapp_fila.py`.

Rodar rápido: `python bench/whatsapp.py 100` (100 cidadãos) com `WA_BENCH_FILA=800`.
Sai com erro se as pré-inscrições gravadas não forem N ou se algo se perdeu ou duplicou.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

import aiohttp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from armazenamento import importacao  # noqa: E402
from armazenamento.banco import criar_motor, fabrica_de_sessoes  # noqa: E402
from armazenamento.migracao import migrar  # noqa: E402
from armazenamento.modelos import PreInscricao, Recebida  # noqa: E402
from armazenamento.tempo import FUSO, agora  # noqa: E402
from bench.whatsapp_eco import Lado, ProcessadorDoBench, WebhookDeEco, subir  # noqa: E402
from bench.whatsapp_fila import GraphDoBench, medir_fila  # noqa: E402
from bot.limite_envio import FOLGA, LimiteDeEnvio  # noqa: E402
from bot.servidor import criar_app_http  # noqa: E402
from bot.whatsapp.graph import ClienteGraph, ConfigGraph  # noqa: E402
from bot.whatsapp.remetente import RemetenteWhatsApp  # noqa: E402
from bot.whatsapp.webhook import WebhookWhatsApp  # noqa: E402
from fluxos.montagem import criar_motor_de_conversa  # noqa: E402
from tests.bot.pessoa_whatsapp import envelope  # noqa: E402
from tests.falsos.graph_api import Vista  # noqa: E402

SEGREDO = "segredo-do-app-do-bench"
PRIMEIRO_NUMERO = 5514991000000


def cpf_valido(base: int) -> str:
    """CPF com dígitos verificadores certos a partir de 9 dígitos (como no bench do
    Telegram, que lê sys.argv ao ser importado)."""
    digitos = [int(c) for c in f"{base:09d}"]
    for tamanho in (9, 10):
        soma = sum(d * (tamanho + 1 - i) for i, d in enumerate(digitos[:tamanho]))
        digitos.append((soma * 10 % 11) % 10)
    return "".join(map(str, digitos))


def percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(p * len(ordenados)))]


def roteiro(i: int) -> list[tuple[str, str]]:
    """O que o cidadão i faz ("*" = a primeira opção que aparecer). O WhatsApp não tem o
    botão de mandar o próprio telefone: a pessoa digita."""
    return [
        ("texto", "/start"),
        ("toque", "Entendi, continuar"),
        ("texto", f"Pessoa Teste {chr(65 + i % 26)}lves"),
        ("toque", "Não uso"),
        ("texto", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1970 + i % 35}"),
        ("texto", cpf_valido(100_000_000 + i * 7919)),
        ("texto", f"(14) 9{9100_0000 + i:08d}"),
        ("texto", ["jardim europa", "Vila Falcao", "jardim nova esperanca", "centro"][i % 4]),
        ("toque", "Pular"),
        ("toque", "*"),
        ("toque", "Só esse"),
        ("toque", "*"),  # o 1º turno em que o curso tem turma (R10)
        ("toque", "Médio completo"),
        ("toque", "Confirmar"),
    ]


def mensagem(numero: str, wamid: str, acao: str, valor: str, ultima: Vista | None) -> dict:
    """O corpo do POST da Meta para o que a pessoa fez."""
    base: dict[str, Any] = {"from": numero, "id": wamid, "timestamp": str(int(time.time()))}
    if acao == "texto":
        conteudo: dict[str, Any] = {"type": "text", "text": {"body": valor}}
    else:
        if ultima is None or not ultima.opcoes:  # opções só escritas no texto: digita
            texto = "1" if valor == "*" else valor
            conteudo = {"type": "text", "text": {"body": texto}}
        else:
            titulo = ultima.opcoes[0] if valor == "*" else _titulo(ultima, valor)
            tipo = "list_reply" if ultima.tipo == "lista" else "button_reply"
            escolha = {"id": ultima.id_de(titulo), "title": titulo}
            conteudo = {"type": "interactive", "interactive": {"type": tipo, tipo: escolha}}
            base["context"] = {"from": "551432350000", "id": ultima.wamid}
    contato = {"profile": {"name": "Pessoa Teste"}, "wa_id": numero}
    return envelope({"contacts": [contato], "messages": [base | conteudo]})


def _titulo(ultima: Vista, rotulo: str) -> str:
    """O título como chegou (um rótulo longo chega cortado, com "…")."""
    for titulo in ultima.opcoes:
        if titulo == rotulo or (titulo.endswith("…") and rotulo.startswith(titulo[:-1])):
            return titulo
    raise RuntimeError(f"sem a opção {rotulo!r} em {ultima.opcoes} ({ultima.texto[:60]!r})")


def _bytes(vista: Vista) -> int:
    partes = (vista.texto, *vista.opcoes, *vista.descricoes, vista.botao_lista)
    return sum(len(p.encode()) for p in partes)


async def medir_preinscricao(
    banco: AsyncEngine, pessoas: int, vazao: float, concorrencia: int = 1
) -> dict[str, Any]:
    """As N pré-inscrições pelo webhook (banco já migrado e com o programa), cada passo
    seguido de um bloco do mesmo tamanho no webhook de eco."""
    async with GraphDoBench() as graph, GraphDoBench() as graph_eco:
        limite = LimiteDeEnvio(vazao, folga=FOLGA)  # como na partida: a cada POST
        config_graph = ConfigGraph(graph.phone_number_id, graph.token, graph.base_url)
        cliente = ClienteGraph(config_graph, limite=limite)
        cliente_eco = ClienteGraph(
            ConfigGraph(graph_eco.phone_number_id, graph_eco.token, graph_eco.base_url)
        )
        motor = criar_motor_de_conversa(banco)
        processador = ProcessadorDoBench(motor, RemetenteWhatsApp(cliente))
        webhook = WebhookWhatsApp(processador, SEGREDO, "verifica-bench")
        eco = WebhookDeEco(cliente_eco, SEGREDO)
        executor, url = await subir(criar_app_http(motor, banco, webhook.rotas()))
        executor_eco, url_eco = await subir(eco.app())
        nosso = Lado(url, SEGREDO, processador.prontas, graph.ultima_em.__getitem__)
        de_eco = Lado(url_eco, SEGREDO, eco.prontas, graph_eco.ultima_em.__getitem__)
        roteiros = [roteiro(i) for i in range(pessoas)]
        serie = itertools.count(1)

        async def vez(http: aiohttp.ClientSession, passo: int, primeiro: int) -> None:
            for i in range(primeiro, pessoas, concorrencia):
                numero, wamid = str(PRIMEIRO_NUMERO + i), f"wamid.bench.{next(serie):09d}"
                vistas = graph.enviadas(numero)
                ultima = vistas[-1] if vistas else None
                dados = mensagem(numero, wamid, *roteiros[i][passo], ultima)
                await nosso.postar(http, numero, wamid, dados)

        async def vez_eco(http: aiohttp.ClientSession, primeiro: int) -> None:
            for i in range(primeiro, pessoas, concorrencia):
                numero, wamid = str(PRIMEIRO_NUMERO + i), f"wamid.eco.{next(serie):09d}"
                dados = mensagem(numero, wamid, "texto", "oi", None)
                await de_eco.postar(http, numero, wamid, dados)

        async def passo_inteiro(http: aiohttp.ClientSession, passo: int) -> None:
            await asyncio.gather(*(vez(http, passo, c) for c in range(concorrencia)))
            await processador.ocioso()  # o bloco termina com as marcas de processada gravadas

        try:
            async with aiohttp.ClientSession() as http:
                for passo in range(len(roteiros[0])):
                    vezes = range(concorrencia)
                    await nosso.medidas.bloco([passo_inteiro(http, passo)])
                    await de_eco.medidas.bloco([vez_eco(http, c) for c in vezes])
            await processador.ocioso()
        finally:
            await executor.cleanup()
            await executor_eco.cleanup()
            await cliente.fechar()
            await cliente_eco.fechar()
        vistas_todas = [v for lista in graph.enviadas_por_pessoa().values() for v in lista]
    async with fabrica_de_sessoes(banco)() as sessao:
        feitas = await sessao.scalar(select(func.count()).select_from(PreInscricao)) or 0
        pendentes = await sessao.scalar(
            select(func.count()).select_from(Recebida).where(Recebida.processada_em.is_(None))  # type: ignore[union-attr]
        )
    medidas, medidas_eco = nosso.medidas, de_eco.medidas
    por_s = len(medidas.ao_200) / medidas.segundos
    eco_por_s = len(medidas_eco.ao_200) / medidas_eco.segundos
    return {
        "usuarios": pessoas,
        "concorrencia": concorrencia,
        "updates": len(medidas.ao_200),
        "nao_processadas": pendentes or 0,
        "updates_por_s": round(por_s, 1),
        "p50_ms": _ms(medidas.ao_200, 0.50),
        "p95_ms": _ms(medidas.ao_200, 0.95),
        "p50_resposta_ms": _ms(medidas.a_resposta, 0.50),
        "p95_resposta_ms": _ms(medidas.a_resposta, 0.95),
        "eco_updates_por_s": round(eco_por_s, 1),
        "razao_eco": round(eco_por_s / por_s, 2),
        "eco_p95_resposta_ms": _ms(medidas_eco.a_resposta, 0.95),
        "preinscricoes": feitas,
        "bytes_por_preinscricao": round(sum(map(_bytes, vistas_todas)) / max(feitas, 1)),
        "mensagens_por_preinscricao": round(len(vistas_todas) / max(feitas, 1), 2),
        "duplicadas_respostas": graph.duplicadas(),
    }


def _ms(valores: list[float], p: float) -> float:
    return round(percentil(valores, p) * 1000, 2)


async def preparar(url: str) -> AsyncEngine:
    banco = criar_motor(url)
    await migrar(banco)
    hoje = agora().astimezone(FUSO).date()
    await importacao.importar(importacao.CAMINHO_DEMO, fabrica_de_sessoes(banco), hoje)
    return banco


async def principal(
    pessoas: int, fila: int, r: float, vazao: float, concorrencia: int
) -> dict[str, Any]:
    resultado: dict[str, Any] = {"bench": "whatsapp"}
    with tempfile.TemporaryDirectory() as pasta:
        banco = await preparar(f"sqlite+aiosqlite:///{pasta}/whatsapp.db")
        try:
            resultado |= await medir_preinscricao(banco, pessoas, vazao, concorrencia)
            resultado |= await medir_fila(banco, fila, r)
        finally:
            await banco.dispose()
    resultado["pico_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return resultado


def main() -> None:
    pessoas = (
        int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("WA_BENCH_PESSOAS", "1000"))
    )
    fila = int(os.environ.get("WA_BENCH_FILA", "10000"))
    r = float(os.environ.get("WA_BENCH_R", "80"))
    vazao = float(os.environ.get("WA_BENCH_VAZAO_RESPOSTAS", "1000"))
    concorrencia = int(os.environ.get("WA_BENCH_CONCORRENCIA", "1"))
    resultado = asyncio.run(principal(pessoas, fila, r, vazao, concorrencia))
    print(json.dumps(resultado))
    problemas = []
    if resultado["preinscricoes"] != pessoas:
        problemas.append(f"só {resultado['preinscricoes']} de {pessoas} pré-inscrições gravadas")
    if resultado["perdidas"] or resultado["duplicadas"] or resultado["duplicadas_respostas"]:
        problemas.append("mensagens perdidas ou duplicadas")
    if resultado["nao_processadas"]:
        problemas.append(f"{resultado['nao_processadas']} mensagens recebidas sem processar")
    if problemas:
        raise SystemExit("; ".join(problemas))


if __name__ == "__main__":
    main()
