"""/desistentes: as desistências confirmadas, para a equipe do Acessuas Trabalho (R19).

O Acessuas precisa procurar a pessoa: vê nome, idade, telefone, CRAS e curso, nada das
situações prioritárias (R2, sigilosas). Cada página lida fica na auditoria.
"""

from __future__ import annotations

from armazenamento.acesso import Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.desistencias import Desistente, desistentes
from fluxos.equipe.permissao import ComandoDaEquipe
from fluxos.equipe.turmas import pagina_pedida
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.idade import calcular_idade
from fluxos.regras.telefone import formatar_telefone
from mensagens.catalogo import texto

POR_PAGINA = 5


def _linha(ctx: Contexto, d: Desistente) -> str:
    telefone = formatar_telefone(d.telefone) if d.telefone else texto("equipe.sem_telefone")
    return texto(
        "equipe.desistentes.linha",
        nome=d.nome,
        idade=calcular_idade(d.nascimento, ctx.hoje),
        telefone=telefone,
        cras=d.cras,
        curso=d.curso,
        turma=d.turma,
    )


async def ver_desistentes(ctx: Contexto, argumento: str = "") -> Acao:
    pagina = pagina_pedida(argumento)
    total, lista = await desistentes(ctx.conexao, ctx.acesso, POR_PAGINA, (pagina - 1) * POR_PAGINA)
    if not lista:
        chave = "equipe.desistentes.nenhuma" if total == 0 else "equipe.desistentes.fim"
        return Dizer((texto(chave),))
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, "desistentes.lista", pagina, ctx.agora
    )
    inicio = (pagina - 1) * POR_PAGINA
    titulo = texto("equipe.desistentes.titulo", de=inicio + 1, ate=inicio + len(lista), total=total)
    corpo = "\n\n".join([titulo, *(_linha(ctx, d) for d in lista)])
    opcoes: tuple[Opcao, ...] = ()
    if inicio + len(lista) < total:
        opcoes = (Opcao(f"cmd:desistentes {pagina + 1}", texto("equipe.botao.mais")),)
    return Dizer((corpo,), opcoes)


COMANDOS = {
    "desistentes": ComandoDaEquipe(frozenset({Papel.ACESSUAS, Papel.GESTAO}), ver_desistentes),
}
