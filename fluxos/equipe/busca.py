"""/buscar (R24): o CRAS, a OSC e a gestão acham uma pessoa pelo nome (sem acento, em
parte), pelo protocolo ou pelo CPF, só dentro do seu escopo (no WHERE, ver
`armazenamento.busca`), e veem a situação dela.

É uma conversa curta: pergunta o que procurar, mostra poucos por tela com "Mais" e leva à
situação de cada um. Da busca ficam guardados só os ids achados (nunca o termo), e cada
busca grava na auditoria o tipo (nome, CPF, protocolo) e quantas achou; cada pessoa
mostrada, uma linha com o id dela. Fora do escopo e inexistente: o mesmo "Não encontrado.".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from armazenamento import busca as consulta
from armazenamento.acesso import Papel
from armazenamento.auditoria import registrar_leitura
from fluxos.equipe.busca_ficha import cpf_visto, descrever, nome_visto
from fluxos.equipe.busca_termo import CPF, NOME, Termo, ler_termo
from fluxos.equipe.codigo_vinculo import botao_novo_codigo, nota_da_trava
from fluxos.equipe.permissao import ComandoDaEquipe, ficha_pedida, nao_encontrado
from fluxos.motor import Acao, Dizer, Iniciar
from fluxos.passos import (
    Contexto,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
)
from fluxos.regras.ids import ler_id
from fluxos.regras.texto import LIMITE_TEXTO, limpar
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import protocolo, quantos
from mensagens.tipos import Tipo

FLUXO_BUSCA = "buscar"
POR_PAGINA = 5
LIMITE = 50  # mais que isso: pede mais do nome (ninguém lê 10 telas)


async def auditar(ctx: Contexto, acao: str, alvo: object) -> None:
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, acao, alvo, ctx.agora)


async def _achar(ctx: Contexto, termo: Termo) -> list[consulta.Achado]:
    if termo.tipo == NOME:
        return await consulta.por_nome(ctx.conexao, ctx.acesso, termo.valor)
    if termo.tipo == CPF:
        return await consulta.por_cpf(ctx.conexao, ctx.acesso, termo.valor)
    return await consulta.por_protocolo(ctx.conexao, ctx.acesso, termo.numero, termo.ano)


async def nova_busca(ctx: Contexto, digitado: str) -> str:
    """Busca e guarda os ids achados; devolve a nota a dizer ("" se achou)."""
    ctx.dados.pop("_ids", None)
    ctx.dados["_pagina"] = 1
    termo = ler_termo(digitado)
    if termo is None:
        return texto("busca.curto")
    achados = await _achar(ctx, termo)
    await auditar(ctx, f"{consulta.ACAO_BUSCA}.{termo.tipo}", len(achados))
    if not achados:
        return texto("equipe.nao_encontrado")
    if len(achados) > LIMITE:
        return texto("busca.demais", pessoas=quantos(len(achados), "pessoa"))
    ctx.dados["_ids"] = [a.id for a in achados]
    return ""


def _argumento(ctx: Contexto) -> str:
    """O termo que veio junto do comando ("/buscar joao"); vazio se não veio."""
    e = ctx.entrada
    if e.tipo is Tipo.COMANDO and e.comando.lower() == FLUXO_BUSCA:
        return limpar(e.texto)[:LIMITE_TEXTO]
    return ""


def _sair_e_nova() -> list[Opcao]:
    return [Opcao("nova", texto("busca.botao.nova")), Opcao("sair", texto("busca.botao.sair"))]


def _depois() -> tuple[Opcao, ...]:
    """Fora da conversa da busca: buscar de novo ou voltar ao menu."""
    return (
        Opcao(da_fila(FLUXO_BUSCA), texto("busca.botao.nova")),
        Opcao(da_fila("menu"), texto("busca.botao.menu")),
    )


def _linha(posicao: int, a: consulta.Achado) -> str:
    return texto(
        "busca.resultados.linha",
        posicao=posicao,
        nome=nome_visto(a.nome, a.nome_social),
        protocolo=protocolo(a.ano, a.id),
        cpf=cpf_visto(a.cpf),
    )


@dataclass(frozen=True, slots=True)
class Tela:
    """Uma tela de achados: o texto e quem está nela (na ordem)."""

    corpo: str
    achados: list[consulta.Achado]
    inicio: int
    tem_mais: bool


async def _tela(ctx: Contexto, nota: str) -> Tela | None:
    """A página atual dos ids guardados, conferidos de novo no escopo, auditada."""
    ids: list[int] = ctx.dados.get("_ids") or []
    ultima = max(len(ids) - 1, 0) // POR_PAGINA + 1
    pagina = min(max(int(ctx.dados.get("_pagina", 1)), 1), ultima)
    ctx.dados["_pagina"] = pagina
    inicio = (pagina - 1) * POR_PAGINA
    achados = await consulta.por_ids(ctx.conexao, ctx.acesso, ids[inicio : inicio + POR_PAGINA])
    if not achados:  # o papel mudou desde a busca: quem saiu do escopo não aparece
        ctx.dados.pop("_ids", None)
        return None
    for a in achados:
        await auditar(ctx, consulta.ACAO_RESULTADO, a.id)
    titulo = texto(
        "busca.resultados.titulo", de=inicio + 1, ate=inicio + len(achados), total=len(ids)
    )
    linhas = "\n".join(_linha(n, a) for n, a in enumerate(achados, start=inicio + 1))
    corpo = "\n\n".join(p for p in (nota, titulo, linhas) if p)
    return Tela(corpo, achados, inicio, inicio + POR_PAGINA < len(ids))


def _botoes_ver(tela: Tela, valor: Callable[[int], str]) -> list[Opcao]:
    """Um "Ver N" por pessoa achada; `valor`: o que o botão leva (a pergunta da busca
    espera "ver 12"; a tela final, fora do fluxo, o comando `buscar_ver`)."""
    return [
        Opcao(valor(a.id), texto("busca.botao.ver", n=n))
        for n, a in enumerate(tela.achados, start=tela.inicio + 1)
    ]


def _pergunta(nota: str = "") -> Pergunta:
    corpo = "\n\n".join(p for p in (nota, texto("busca.pergunta")) if p)
    return Pergunta(corpo, [Opcao("sair", texto("busca.botao.sair"))], numerar=False)


async def perguntar_busca(ctx: Contexto) -> Pergunta:
    """Pergunta o que procurar, ou mostra a tela de achados (com "Mais")."""
    argumento = _argumento(ctx)
    nota = await nova_busca(ctx, argumento) if argumento else ""
    havia = bool(ctx.dados.get("_ids"))
    tela = await _tela(ctx, nota) if havia else None
    if tela is None:
        return _pergunta(texto("equipe.nao_encontrado") if havia else nota)
    opcoes = _botoes_ver(tela, lambda id_: f"ver {id_}")
    if tela.tem_mais:
        opcoes.append(Opcao("mais", texto("equipe.botao.mais")))
    return Pergunta(tela.corpo, [*opcoes, *_sair_e_nova()], numerar=False)


def _sair(ctx: Contexto) -> Dizer:
    from fluxos.equipe.menus import opcoes_do_menu  # o menu lê o registro, que lê este

    return Dizer((texto("busca.saiu"),), opcoes_do_menu(ctx.acesso))


def _posicao_digitada(ctx: Contexto, digitado: str) -> int | None:
    """ "7" na tela da busca é o 7º da lista (se está na tela), não o protocolo 7."""
    ids: list[int] = ctx.dados.get("_ids") or []
    n = ler_id(digitado)
    inicio = (int(ctx.dados.get("_pagina", 1)) - 1) * POR_PAGINA
    if n is None or not inicio < n <= min(inicio + POR_PAGINA, len(ids)):
        return None
    return ids[n - 1]


def _encerrar(acao: Acao) -> Dizer:
    assert isinstance(acao, Dizer)
    return Dizer(acao.textos, acao.opcoes)


async def _buscar_digitado(ctx: Contexto, digitado: str) -> Resultado:
    """Uma tela só de achados: sai da conversa da busca (os botões levam adiante por
    conta própria); mais de uma: fica, para o "Mais"."""
    nota = await nova_busca(ctx, digitado)
    ids = ctx.dados.get("_ids") or []
    if not ids or len(ids) > POR_PAGINA:
        return Repetir(nota)
    tela = await _tela(ctx, nota)
    if tela is None:
        return Repetir(texto("equipe.nao_encontrado"))
    return Dizer((tela.corpo,), (*_botoes_ver(tela, partial(da_fila, "buscar_ver")), *_depois()))


async def receber_busca(ctx: Contexto, resposta: Resposta) -> Resultado:
    opcao = resposta.opcao or ""
    if opcao == "sair":
        return _sair(ctx)
    if opcao == "mais":
        ctx.dados["_pagina"] = int(ctx.dados.get("_pagina", 1)) + 1
        return Repetir("")
    if opcao == "nova":
        ctx.dados.pop("_ids", None)
        return Repetir("")
    escolhido = ler_id(opcao.removeprefix("ver ")) if opcao.startswith("ver ") else None
    escolhido = escolhido or _posicao_digitada(ctx, resposta.texto)
    if escolhido is not None and escolhido in (ctx.dados.get("_ids") or []):
        return _encerrar(await ver_pessoa(ctx, str(escolhido)))
    if not resposta.texto:
        return Repetir("")
    return await _buscar_digitado(ctx, resposta.texto)


async def ver_pessoa(ctx: Contexto, argumento: str = "") -> Acao:
    """ "buscar_ver PRÉ": a situação da pessoa (escopo conferido de novo), auditada."""
    ficha = await ficha_pedida(ctx, argumento)
    if ficha is None:
        return nao_encontrado()
    await auditar(ctx, consulta.ACAO_SITUACAO, ficha.id)
    passagens = await consulta.passagens(ctx.conexao, ctx.acesso, ficha)
    corpo = await descrever(ctx, ficha, passagens)
    trava = await nota_da_trava(ctx, ficha.id)  # R3: datas erradas demais no vínculo
    corpo = f"{corpo}\n{trava}" if trava else corpo
    return Dizer((corpo,), (botao_novo_codigo(ficha.id), *_depois()))


BUSCA = Fluxo(
    FLUXO_BUSCA,
    (Passo("busca", perguntar_busca, receber_busca),),
    da_equipe=True,
)


async def buscar(_ctx: Contexto, _argumento: str = "") -> Acao:
    """ "/buscar" pergunta o que procurar; "/buscar joao" já busca."""
    return Iniciar(FLUXO_BUSCA)


_PAPEIS = frozenset({Papel.CRAS, Papel.OSC, Papel.GESTAO})
COMANDOS = {
    "buscar": ComandoDaEquipe(_PAPEIS, buscar),
    "buscar_ver": ComandoDaEquipe(_PAPEIS, ver_pessoa, no_menu=False),
}
