"""`inclusao convite` e `inclusao equipe listar|revogar`: quem entra e quem sai da equipe.

Por que assim (ARQUITETURA.md §7, R24):
- funciona sem rede: o link do Telegram é montado com TELEGRAM_BOT_USERNAME, sem getMe;
- o convite sai em três formas (link do Telegram, link do chat do site, código curto) e o
  banco guarda só os hashes: o que este comando mostra não dá para ver de novo;
- o escopo é conferido antes de gravar (cada papel pede exatamente o seu: `ESCOPO_DO_PAPEL`);
  com qualquer erro, nada é criado e o código de saída é 1;
- revogar e avisar a pessoa são uma transação só: o aviso entra na fila de envio junto com a
  revogação e volta o menu "/" dela ao do cidadão (ou ao dos papéis que ainda tem).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios, equipe
from armazenamento.acesso import ESCOPO_DO_PAPEL, Papel
from armazenamento.banco import transacao
from armazenamento.modelos import Cras, Osc, Turma
from armazenamento.normalizacao import normalizar
from armazenamento.tempo import FUSO, agora, em_utc
from bot import cli_banco
from bot.config import Config
from fluxos.aberturas import CANAIS_COM_AVISO
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.equipe.menus import menu_do_telegram
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada
from mensagens.tipos import Saida

COMANDOS = frozenset({"convite", "equipe"})
ESCOPOS = ("osc", "cras", "turma")
MAX_ROTULO = 80  # coluna `rotulo`
MAX_HORAS = 30 * 24


@dataclass(frozen=True, slots=True)
class Cadastro:
    """Onde procurar um escopo e como falar dele nas mensagens do comando."""

    id: Any
    nome: Any  # o que se digita: nome (OSC, CRAS) ou código (turma)
    chamado: str
    o_que: str  # para a ajuda e para a mensagem de falta
    nao_achado: str
    existentes: str


_TABELAS: dict[str, Cadastro] = {
    "osc": Cadastro(
        Osc.__table__.c.id,  # type: ignore[attr-defined]
        Osc.__table__.c.nome,  # type: ignore[attr-defined]
        "OSC",
        "o id ou o nome da OSC",
        "não encontrada",
        "OSCs cadastradas",
    ),
    "cras": Cadastro(
        Cras.__table__.c.id,  # type: ignore[attr-defined]
        Cras.__table__.c.nome,  # type: ignore[attr-defined]
        "CRAS",
        "o id ou o nome do CRAS",
        "não encontrado",
        "CRAS cadastrados",
    ),
    "turma": Cadastro(
        Turma.__table__.c.id,  # type: ignore[attr-defined]
        Turma.__table__.c.codigo,  # type: ignore[attr-defined]
        "turma",
        "o id ou o código da turma",
        "não encontrada",
        "turmas cadastradas",
    ),
}
_METAVAR = {"osc": "ID|NOME", "cras": "ID|NOME", "turma": "ID|CODIGO"}
_PAPEIS = "instrutor (com --turma), osc (com --osc), cras (com --cras), acessuas, gestao"


class ErroDoComando(Exception):
    """Algo que o operador precisa corrigir; a mensagem diz o quê."""


# ----- argumentos --------------------------------------------------------------------------


def adicionar_comandos(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    conv = sub.add_parser(
        "convite",
        help="cria um convite de uso único para alguém da equipe",
        description="Mostra o link do Telegram, o link do chat do site e um código curto. "
        "Vale uma vez só, por --validade-horas (padrão 72).",
    )
    conv.add_argument("--papel", required=True, metavar="PAPEL", help=_PAPEIS)
    for escopo in ESCOPOS:
        conv.add_argument(f"--{escopo}", metavar=_METAVAR[escopo], help=_TABELAS[escopo].o_que)
    conv.add_argument(
        "--rotulo", default="", help=f"como reconhecer a pessoa na lista (até {MAX_ROTULO})"
    )
    conv.add_argument(
        "--validade-horas", default="72", metavar="HORAS", help="por quanto tempo vale (72)"
    )
    eq = sub.add_parser(
        "equipe",
        help="lista ou revoga as pessoas da equipe",
        description="Quem está ligado a um papel, e como tirar o acesso de alguém.",
    )
    acoes = eq.add_subparsers(dest="acao", required=True, metavar="AÇÃO")
    listar = acoes.add_parser("listar", help="mostra quem tem acesso (e a que)")
    listar.add_argument("--todos", action="store_true", help="inclui os já revogados")
    revogar = acoes.add_parser("revogar", help="tira o acesso; vale na próxima mensagem")
    revogar.add_argument("id", help="o número da coluna id de 'inclusao equipe listar'")


async def executar(config: Config, args: argparse.Namespace) -> int:
    """Só num banco que já existe; o convite, só num banco com programa (cli_banco.py)."""
    try:
        motor_banco, _ = await cli_banco.abrir(config, programa=args.comando == "convite")
    except cli_banco.BancoRecusado as erro:
        print(str(erro), file=sys.stderr)
        return 1
    try:
        async with transacao(motor_banco) as conexao:
            if args.comando == "convite":
                linhas = await _convidar(conexao, config, args)
            elif args.acao == "listar":
                linhas = await _listar(conexao, args.todos)
            else:
                linhas = await _revogar(conexao, args.id)
    except ErroDoComando as erro:
        print(str(erro), file=sys.stderr)
        return 1
    finally:
        await motor_banco.dispose()
    print("\n".join(linhas))
    return 0


# ----- convite -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alvo:
    id: int
    nome: str


async def achar(conexao: AsyncConnection, escopo: str, valor: str) -> Alvo:
    """A OSC, o CRAS ou a turma pelo id ou pelo nome/código (sem diferença de acento e
    maiúsculas; "CRAS" no começo do nome é opcional). Sem nome igual, vale uma parte do
    nome que sirva para um só ("oficina do futuro"); para mais de um, pede o id."""
    cadastro = _TABELAS[escopo]
    consulta = sa.select(cadastro.id, cadastro.nome).order_by(cadastro.id)
    linhas = (await conexao.execute(consulta)).all()
    procurado = _chave(valor)
    achados = {
        linha[0]: Alvo(linha[0], linha[1])
        for linha in linhas
        if (valor.strip().isdigit() and linha[0] == int(valor)) or _chave(linha[1]) == procurado
    }
    if not achados and len(procurado) >= 4:  # parte do nome: "oficina do futuro"
        achados = {
            linha[0]: Alvo(linha[0], linha[1]) for linha in linhas if procurado in _chave(linha[1])
        }
    if len(achados) == 1:
        return next(iter(achados.values()))
    if achados:
        opcoes = ", ".join(f"{a.id} ({a.nome})" for a in achados.values())
        raise ErroDoComando(f"'{valor}' serve para mais de um: {opcoes}. Use o id.")
    existentes = ", ".join(f"{linha[0]} ({linha[1]})" for linha in linhas[:20]) or "nenhum"
    mais = f" e mais {len(linhas) - 20}" if len(linhas) > 20 else ""
    raise ErroDoComando(
        f"{cadastro.chamado} '{valor}' {cadastro.nao_achado}. "
        f"{cadastro.existentes}: {existentes}{mais}."
    )


def _chave(nome: str) -> str:
    return normalizar(nome).removeprefix("cras ")


def conferir_escopo(papel: str, dados: dict[str, str | None]) -> str | None:
    """O escopo que o papel pede, se veio certo; senão ErroDoComando com o que falta ou
    sobra (nada foi gravado ainda)."""
    if papel not in set(Papel):
        raise ErroDoComando(f"Papel '{papel}' não existe. Use um destes: {_PAPEIS}.")
    pedido = ESCOPO_DO_PAPEL[Papel(papel)]
    dados_ = {nome for nome, valor in dados.items() if valor is not None}
    sobra = sorted(dados_ - {pedido} if pedido else dados_)
    if sobra:
        extras = " nem ".join(f"--{s}" for s in sobra)
        certo = f"leva só --{pedido}" if pedido else "vale para todo o município"
        raise ErroDoComando(f"O papel {papel} {certo}: não use {extras}.")
    if pedido and pedido not in dados_:
        raise ErroDoComando(f"O papel {papel} precisa de --{pedido}: {_TABELAS[pedido].o_que}.")
    if pedido and not (dados[pedido] or "").strip():
        raise ErroDoComando(f"--{pedido} veio vazio.")
    return pedido


def _validade(bruto: str) -> timedelta:
    valor = bruto.strip()
    if not valor.isdigit() or not 1 <= int(valor) <= MAX_HORAS:
        raise ErroDoComando(
            f"--validade-horas deve ser um número inteiro de 1 a {MAX_HORAS} (veio '{bruto}')."
        )
    return timedelta(hours=int(valor))


def _rotulo(bruto: str) -> str:
    rotulo = " ".join(bruto.split())
    if len(rotulo) > MAX_ROTULO:
        raise ErroDoComando(f"--rotulo pode ter até {MAX_ROTULO} caracteres (veio {len(rotulo)}).")
    return rotulo


async def _convidar(
    conexao: AsyncConnection, config: Config, args: argparse.Namespace
) -> list[str]:
    dados = {escopo: getattr(args, escopo) for escopo in ESCOPOS}
    pedido = conferir_escopo(args.papel, dados)
    validade, rotulo = _validade(args.validade_horas), _rotulo(args.rotulo)
    alvo = await achar(conexao, pedido, dados[pedido] or "") if pedido else None
    escopo = equipe.Escopo(
        args.papel, **({f"{pedido}_id": alvo.id} if pedido and alvo else {}), rotulo=rotulo
    )
    novo = await equipe.criar_convite(conexao, escopo, agora(), validade)
    papel = texto(f"equipe.papel.{args.papel}", escopo=alvo.nome if alvo else "")
    return linhas_do_convite(config, novo, papel, rotulo)


def linhas_do_convite(
    config: Config, novo: equipe.ConviteNovo, papel: str, rotulo: str
) -> list[str]:
    if config.telegram_bot_username:
        telegram = f"https://t.me/{config.telegram_bot_username}?start={novo.token}"
    else:
        telegram = (
            "(sem link: defina TELEGRAM_BOT_USERNAME, o nome do bot sem @, no ambiente ou no "
            ".env; o código abaixo funciona no Telegram também)"
        )
    rotulo_dito = f' — "{rotulo}"' if rotulo else ""
    return [
        f"Convite {novo.id}: {papel}{rotulo_dito}.",
        f"Vale uma vez só, até {quando(novo.expira_em)} (horário de Bauru).",
        "",
        f"Telegram:      {telegram}",
        f"Chat do site:  {config.url_web}/?convite={novo.token}",
        f"Código:        {novo.codigo}  (escreva 'entrar' na conversa e depois o código)",
        "",
        "Mande só para essa pessoa: quem usar primeiro fica com o papel.",
    ]


def quando(momento: datetime) -> str:
    """ "sábado, 28 de novembro de 2026, às 17h22", no horário de Bauru."""
    local = em_utc(momento).astimezone(FUSO)
    return f"{dia_da_semana_e_data(local.date())} de {local.year}, às {hora_falada(local)}"


# ----- listar e revogar --------------------------------------------------------------------


async def nomes_dos_escopos(conexao: AsyncConnection) -> dict[str, dict[int, str]]:
    """id -> nome de cada OSC, CRAS e turma (tabelas pequenas: uma leitura de cada)."""
    nomes: dict[str, dict[int, str]] = {}
    for escopo, cadastro in _TABELAS.items():
        linhas = await conexao.execute(sa.select(cadastro.id, cadastro.nome))
        nomes[escopo] = {linha[0]: linha[1] for linha in linhas}
    return nomes


def escopo_por_extenso(escopo: str, nomes: dict[str, dict[int, str]]) -> str:
    """ "osc=1" (de `equipe.listar`) -> "OSC Instituto Esperança"; vazio: todo o município."""
    partes = []
    for parte in escopo.split():
        tipo, _, valor = parte.partition("=")
        nome = nomes.get(tipo, {}).get(int(valor)) if valor.isdigit() else None
        chamado = _TABELAS[tipo].chamado if tipo in _TABELAS else tipo
        if tipo == "cras" and nome and normalizar(nome).startswith("cras "):
            chamado = ""
        partes.append(" ".join(filter(None, [chamado, nome or f"#{valor} (apagado)"])))
    return ", ".join(partes) or "todo o município"


def _data(momento: datetime | None) -> str:
    return em_utc(momento).astimezone(FUSO).strftime("%d/%m/%Y %H:%M") if momento else "-"


def tabela(linhas: list[list[str]]) -> list[str]:
    larguras = [max(len(linha[i]) for linha in linhas) for i in range(len(linhas[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(linha, larguras, strict=True)).rstrip()
            for linha in linhas]  # fmt: skip


async def _listar(conexao: AsyncConnection, todos: bool) -> list[str]:
    membros = await equipe.listar(conexao, com_revogados=todos)
    if not membros:
        return [
            "Ninguém da equipe está ligado"
            + (" (nem revogado)." if todos else ". Crie um convite: inclusao convite --papel ...")
        ]
    nomes = await nomes_dos_escopos(conexao)
    cabecalho = ["id", "papel", "escopo", "rótulo", "canal", "desde", "revogado"]
    corpo = [
        [
            str(m.id),
            m.papel,
            escopo_por_extenso(m.escopo, nomes),
            m.rotulo or "-",
            m.canal,
            _data(m.desde),
            _data(m.revogado_em),
        ]
        for m in membros
    ]
    return tabela([cabecalho, *corpo])


async def _revogar(conexao: AsyncConnection, bruto: str) -> list[str]:
    if not bruto.strip().isdigit():
        raise ErroDoComando(
            f"O id deve ser um número (veio '{bruto}'). Veja a coluna id de: inclusao equipe listar"
        )
    membro_id, momento = int(bruto), agora()
    antes = {m.id: m for m in await equipe.listar(conexao, com_revogados=True)}
    revogado = await equipe.revogar(conexao, membro_id, momento)
    if revogado is None:
        raise ErroDoComando(
            f"Não há acesso ativo com o id {membro_id}: não existe ou já foi revogado. "
            "Veja: inclusao equipe listar --todos"
        )
    membro = antes[membro_id]
    escopo = escopo_por_extenso(membro.escopo, await nomes_dos_escopos(conexao))
    rotulo = f', "{membro.rotulo}"' if membro.rotulo else ""
    linhas = [
        f"Revogado: {membro_id} ({membro.papel}, {escopo}{rotulo}). "
        "A pessoa perde o acesso na próxima mensagem."
    ]
    if revogado.canal not in CANAIS_COM_AVISO:
        linhas.append(f"Sem aviso: o canal {revogado.canal} não recebe mensagens fora da conversa.")
        return linhas
    await envios.enfileirar(
        conexao,
        revogado.canal,
        revogado.chat_id,
        conteudo_para_equipe(await aviso_de_revogacao(conexao, revogado)),
        f"equipe:revogado:{membro_id}",
        momento,
    )
    linhas.append(f"Aviso para a pessoa: na fila de envio ({revogado.canal}).")
    return linhas


async def aviso_de_revogacao(conexao: AsyncConnection, revogado: equipe.Revogado) -> Saida:
    """O aviso, com o menu "/" que sobra: o do cidadão (vazio) ou o dos outros papéis.

    Nos canais de hoje a conversa privada é a própria pessoa (chat = usuário); se não
    der para saber os papéis que sobram, o menu fica como está (None).
    """
    if not revogado.ainda_tem_outro:
        return Saida(texto("equipe.revogado"), comandos=())
    restante = await equipe.acesso_de(conexao, revogado.canal, revogado.chat_id)
    comandos = menu_do_telegram(restante) if restante.equipe else None
    return Saida(texto("equipe.revogado"), comandos=comandos)
