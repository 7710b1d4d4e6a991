"""Linha de comando `inclusao`: iniciar, conversar, importar, saida, migrar, convite, equipe."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from telegram.error import TelegramError

from armazenamento import envios, importacao
from armazenamento.custo_envios import enviadas_por_mes
from armazenamento.falhas_envio import falhas_por_codigo
from armazenamento.migracao import migrar
from bot import app, cli_banco, cli_equipe
from bot.cli_custo import linhas_de_custo
from bot.cli_falhas import linhas_de_falhas
from bot.config import Config, ConfiguracaoInvalida, carregar_config
from bot.instancia import InstanciaEmUso
from bot.registro import configurar_registro
from bot.terminal import conversar, ler_do_console
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto

AJUDA = """Assistente do Programa de Inclusão Produtiva de Bauru.

A configuração vem de variáveis de ambiente ou do arquivo .env (veja o README).
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="inclusao", description=AJUDA, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="comando", required=True, metavar="COMANDO")
    ini = sub.add_parser(
        "iniciar",
        help="sobe o chat web (e o Telegram, se houver TELEGRAM_TOKEN)",
        description="Sobe o servidor HTTP (chat web, /saude) e o bot do Telegram.",
    )
    ini.add_argument(
        "--demo",
        action="store_true",
        help="se o banco não tem programa cadastrado, carrega a demonstração",
    )
    conv = sub.add_parser(
        "conversar",
        help="conversa com o assistente aqui no terminal",
        description="Os mesmos fluxos do Telegram e do chat web, no terminal.",
    )
    conv.add_argument(
        "--chat",
        default="console",
        help="identificador da conversa (para retomar ou simular outra pessoa)",
    )
    imp = sub.add_parser(
        "importar",
        help="carrega CRAS, bairros, OSCs, cursos, turmas e ciclo",
        description="Importa de planilha .xlsx, arquivo .toml ou pasta de .csv. "
        "Com qualquer linha errada, nada é gravado.",
    )
    imp.add_argument("arquivo", help="caminho do arquivo, ou 'demo' para a carga de demonstração")
    sub.add_parser(
        "saida",
        help="mostra a fila de envio: pendentes, enviadas, com falha",
        description="Conta as mensagens da fila de envio (convocações, lembretes, avisos).",
    )
    sub.add_parser(
        "migrar",
        help="aplica as migrações do banco (necessário no PostgreSQL)",
        description="Leva o esquema do banco à última versão.",
    )
    cli_equipe.adicionar_comandos(sub)
    return p


async def _importar(config: Config, arquivo: str) -> int:
    motor_banco, sessoes = await app.preparar_banco(config)
    caminho = importacao.CAMINHO_DEMO if arquivo == "demo" else Path(arquivo)
    try:
        relatorio = await importacao.importar(caminho, sessoes, app.hoje_em_bauru())
    except importacao.ErroImportacao as erro:
        print(f"Nada foi importado: {len(erro.erros)} problema(s).", file=sys.stderr)
        for e in erro.erros:  # linha 0 = o arquivo todo (não existe, formato desconhecido)
            onde = f"{e.origem}, linha {e.linha}" if e.linha else e.origem
            print(f"  {onde}: {e.motivo}", file=sys.stderr)
        return 1
    finally:
        await motor_banco.dispose()
    banco = cli_banco.descrever(config.database_url)
    print(texto("importacao.resumo.inicio", arquivo=caminho.name, banco=banco))
    print("\n".join(resumo_da_importacao(relatorio)))
    return 0


def resumo_da_importacao(relatorio: importacao.Relatorio) -> list[str]:
    """Quantas linhas de cada tabela entraram, de onde, e cada aba vazia ou ignorada."""
    linhas = []
    for tabela, total in relatorio.totais.items():
        origem = relatorio.origens.get(tabela)
        if origem is None and not total:
            linhas.append(texto("importacao.resumo.fora", tabela=tabela))
            continue
        novas, alteradas = relatorio.criados[tabela], relatorio.contagens[tabela]
        linhas.append(
            texto(
                "importacao.resumo.tabela",
                tabela=tabela,
                total=total,
                novas=novas,
                alteradas=alteradas - novas,
                iguais=total - alteradas,
                origem=origem or texto("importacao.resumo.gerados"),
            )
        )
    linhas += [texto("importacao.resumo.aviso", aviso=str(aviso)) for aviso in relatorio.avisos]
    return linhas


async def _conversar(config: Config, chat: str) -> int:
    motor_banco, sessoes = await app.preparar_banco(config)
    try:
        await app.carregar_demo_se_vazio(sessoes)
        motor = criar_motor_de_conversa(motor_banco, ajustes=config.ajustes)
        await conversar(motor, ler_do_console, lambda s: print(s, flush=True), chat)
    finally:
        await motor_banco.dispose()
    return 0


ESTADOS = ("pendente", "enviando", "enviada", "incerta", "falhou")


async def _saida(config: Config) -> int:
    """Para a equipe acompanhar os envios: quantos em cada situação e, por mês, os
    modelos e as mensagens livres de cada canal (o custo do WhatsApp)."""
    try:
        motor_banco, _ = await cli_banco.abrir(config, programa=False)
    except cli_banco.BancoRecusado as erro:
        print(str(erro), file=sys.stderr)
        return 1
    try:
        async with motor_banco.connect() as conexao:
            contagem = await envios.contagens(conexao)
            por_mes = await enviadas_por_mes(conexao)
            falhas = await falhas_por_codigo(conexao)
    finally:
        await motor_banco.dispose()
    for estado in ESTADOS:
        print(f"{estado}: {contagem.get(estado, 0)}")
    print("\n".join(linhas_de_custo(por_mes, config.whatsapp_fila)))
    print("\n".join(linhas_de_falhas(falhas, config.whatsapp_fila)))
    return 0


async def _migrar(config: Config) -> int:
    # uma migração pode esperar travas de tabela: o prazo por instrução é bem maior aqui
    prazos = replace(config.prazos_banco, comando=max(config.prazos_banco.comando, 600.0))
    motor_banco = app.criar_motor(config.database_url, prazos)
    try:
        await migrar(motor_banco)
    finally:
        await motor_banco.dispose()
    print("Banco na última versão.")
    return 0


def nivel_do_registro(comando: str, config: Config) -> str:
    """Na conversa pelo terminal o registro divide a tela com a conversa: só avisos e
    erros, a não ser que INCLUSAO_LOG peça outro nível."""
    if comando == "conversar" and not config.nivel_log_pedido:
        return "WARNING"
    return config.nivel_log


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = carregar_config()
    except ConfiguracaoInvalida as erro:
        print(f"Configuração inválida: {erro}", file=sys.stderr)
        return 2
    configurar_registro(nivel_do_registro(args.comando, config))
    if args.comando == "iniciar":
        try:
            asyncio.run(app.iniciar(config, demo=args.demo))
        except InstanciaEmUso as erro:
            print(str(erro), file=sys.stderr)
            return 3
        except TelegramError as erro:  # a mensagem do PTB pode trazer o token: não mostrar
            print(
                f"O Telegram recusou a conexão ({type(erro).__name__}). "
                "Confira TELEGRAM_TOKEN e TELEGRAM_BASE_URL.",
                file=sys.stderr,
            )
            return 2
        return 0
    if args.comando == "conversar":
        return asyncio.run(_conversar(config, args.chat))
    if args.comando == "importar":
        return asyncio.run(_importar(config, args.arquivo))
    if args.comando == "saida":
        return asyncio.run(_saida(config))
    if args.comando in cli_equipe.COMANDOS:
        return asyncio.run(cli_equipe.executar(config, args))
    return asyncio.run(_migrar(config))


if __name__ == "__main__":
    sys.exit(main())
