"""/desistentes: as desistências confirmadas, para a equipe do Acessuas Trabalho (R19).

O Acessuas precisa procurar a pessoa: vê nome, idade, telefone, CRAS, curso, as horas e a
frequência na hora da confirmação, o motivo e a data; nada das situações prioritárias
(R2, sigilosas). Acessuas e gestão veem todas; o técnico do CRAS, as do seu território
(R19: o CRAS encaminha a lista ao Acessuas). A planilha (.xlsx) vem sob pedido. Cada
página e cada planilha ficam na auditoria.
"""

from __future__ import annotations

from armazenamento.acesso import Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.desistencias import Desistente, desistentes
from armazenamento.tempo import FUSO
from fluxos.desistencia import rotulo_do_motivo
from fluxos.equipe.permissao import ComandoDaEquipe
from fluxos.equipe.planilha_desistentes import anexo_dos_desistentes, percentual
from fluxos.equipe.turmas import pagina_pedida
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.idade import calcular_idade
from fluxos.regras.telefone import formatar_telefone
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos
from mensagens.tipos import Saida

POR_PAGINA = 5
ACAO_LISTA = "desistentes.lista"
ACAO_PLANILHA = "desistentes.planilha"


def formatar_horas(horas: float) -> str:
    """ "12", "12,5" (como se escreve no Brasil, sem zeros sobrando)."""
    return f"{round(horas, 1):g}".replace(".", ",")


def frequencia_falada(d: Desistente) -> str:
    """ "12 de 48 horas (25%)", ou "nenhuma aula com chamada" (R16)."""
    fracao = percentual(d)
    if fracao is None:
        return texto("acessuas.lista.sem_chamada")
    return texto(
        "acessuas.lista.horas",
        presentes=formatar_horas(d.horas_presentes),
        realizadas=formatar_horas(d.horas_realizadas),
        percentual=fracao,
    )


def _linha(ctx: Contexto, d: Desistente) -> str:
    telefone = (
        texto("acessuas.lista.telefone", telefone=formatar_telefone(d.telefone))
        if d.telefone
        else texto("equipe.sem_telefone")
    )
    return texto(
        "acessuas.lista.linha",
        nome=d.nome,
        idade=calcular_idade(d.nascimento, ctx.hoje),
        telefone=telefone,
        cras=d.cras,
        curso=d.curso,
        turma=d.turma,
        frequencia=frequencia_falada(d),
        motivo=rotulo_do_motivo(d.motivo),
        data=d.confirmada_em.astimezone(FUSO).strftime("%d/%m/%Y"),
    )


async def ver_desistentes(ctx: Contexto, argumento: str = "") -> Acao:
    pagina = pagina_pedida(argumento)
    total, lista = await desistentes(ctx.conexao, ctx.acesso, POR_PAGINA, (pagina - 1) * POR_PAGINA)
    if not lista:
        chave = "equipe.desistentes.nenhuma" if total == 0 else "equipe.desistentes.fim"
        return Dizer((texto(chave),))
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, ACAO_LISTA, pagina, ctx.agora)
    inicio = (pagina - 1) * POR_PAGINA
    titulo = texto("equipe.desistentes.titulo", de=inicio + 1, ate=inicio + len(lista), total=total)
    corpo = "\n\n".join([titulo, *(_linha(ctx, d) for d in lista)])
    opcoes = [Opcao(da_fila("desistentes_planilha"), texto("acessuas.botao.planilha"))]
    if inicio + len(lista) < total:
        opcoes.append(Opcao(da_fila("desistentes", pagina + 1), texto("equipe.botao.mais")))
    return Dizer((corpo,), tuple(opcoes))


def nome_do_arquivo(ctx: Contexto) -> str:
    return f"desistencias-{ctx.hoje.isoformat()}.xlsx"


async def ver_planilha(ctx: Contexto, argumento: str = "") -> Acao:
    """Todas as desistências do escopo numa planilha (R19), auditada."""
    del argumento  # a planilha é sempre a lista inteira do escopo
    total, lista = await desistentes(ctx.conexao, ctx.acesso)
    if not lista:
        return Dizer((texto("equipe.desistentes.nenhuma"),))
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, ACAO_PLANILHA, total, ctx.agora)
    periodo = texto("acessuas.planilha.todas", pessoas=quantos(total, "pessoa"))
    anexo = anexo_dos_desistentes(lista, periodo, ctx.agora, nome_do_arquivo(ctx))
    legenda = texto("acessuas.planilha.legenda", pessoas=quantos(total, "pessoa"))
    voltar = (Opcao(da_fila("desistentes"), texto("acessuas.botao.ver_lista")),)
    corpo = texto("acessuas.planilha.pronta")
    tela = texto("acessuas.planilha.tela")  # o retomar não anuncia o anexo de novo
    return Dizer((corpo,), voltar, arquivos=(Saida(legenda, anexo=anexo),), tela=tela)


_QUEM_VE = frozenset({Papel.ACESSUAS, Papel.GESTAO, Papel.CRAS})

COMANDOS = {
    "desistentes": ComandoDaEquipe(_QUEM_VE, ver_desistentes),
    "desistentes_planilha": ComandoDaEquipe(_QUEM_VE, ver_planilha, no_menu=False),
}
