"""/turmas: as turmas que o papel enxerga (instrutor as suas, OSC as dela, gestão todas),
com vagas ocupadas e o próximo encontro, em páginas que cabem na tela de um celular.

A tela de uma turma mostra a turma num olhar (R16): a frequência por horas de cada
pessoa, quem está abaixo de 75% e quem não alcança mais (a projeção), numa mensagem que
cabe no celular com uma turma de ~15 pessoas.

A tela de uma turma sempre leva adiante: a planilha da turma e a volta às turmas (nunca
um beco sem saída)."""

from __future__ import annotations

from armazenamento.acesso import Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.turmas import TurmaVista, alunos_da_turma, turma_de, turmas_de
from fluxos.equipe.frequencia_turma import frequencia_da_turma, quadro_da_turma
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.equipe.planilha_turma import ACAO_PLANILHA_TURMA, planilha_da_turma
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.ids import ler_id
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada, rotulo_de_botao

POR_PAGINA = 8
ROTULO = 20  # tamanho máximo de um botão


def pagina_pedida(argumento: str) -> int:
    """ "2" → 2; qualquer outra coisa → 1 (um botão antigo não quebra nada)."""
    valor = argumento.strip()
    return int(valor) if valor.isdigit() and 0 < int(valor) < 10_000 else 1


def linha_da_turma(t: TurmaVista) -> str:
    if t.proximo_encontro is not None:
        quando = (
            f"{dia_da_semana_e_data(t.proximo_encontro.date())}, {hora_falada(t.proximo_encontro)}"
        )
        proximo = texto("equipe.turmas.proximo", quando=quando)
    else:
        proximo = texto("equipe.turmas.sem_proximo")
    return texto(
        "equipe.turmas.linha",
        codigo=t.codigo,
        curso=t.curso,
        turno=texto(f"turno.{t.turno}").lower(),
        osc=t.osc,
        matriculados=t.matriculados,
        capacidade=t.capacidade,
        proximo=proximo,
    )


async def ver_turmas(ctx: Contexto, argumento: str = "") -> Acao:
    turmas = await turmas_de(ctx.conexao, ctx.acesso, ctx.agora)
    if not turmas:
        return Dizer((texto("equipe.turmas.nenhuma"),))
    pagina = pagina_pedida(argumento)
    inicio = min((pagina - 1) * POR_PAGINA, (len(turmas) - 1) // POR_PAGINA * POR_PAGINA)
    trecho = turmas[inicio : inicio + POR_PAGINA]
    titulo = texto(
        "equipe.turmas.titulo", de=inicio + 1, ate=inicio + len(trecho), total=len(turmas)
    )
    corpo = "\n\n".join([titulo, *(linha_da_turma(t) for t in trecho)])
    opcoes = tuple(Opcao(da_fila("turma", t.id), rotulo_de_botao(t.codigo, ROTULO)) for t in trecho)
    if inicio + POR_PAGINA < len(turmas):
        proxima = inicio // POR_PAGINA + 2
        opcoes += (Opcao(da_fila("turmas", proxima), texto("equipe.botao.mais")),)
    return Dizer((corpo,), opcoes)


async def _turma_pedida(ctx: Contexto, argumento: str) -> TurmaVista | None:
    """A turma do botão, se está no escopo. Fora do escopo (ou id que não existe): None,
    e quem pediu ouve "Não encontrado.", sem saber qual dos dois."""
    turma_id = ler_id(argumento)
    if turma_id is None:
        return None
    return await turma_de(ctx.conexao, ctx.acesso, turma_id, ctx.agora)


def caminhos(turma: TurmaVista, planilha: bool = True) -> tuple[Opcao, ...]:
    """Os botões que levam adiante da tela de uma turma."""
    opcoes = [Opcao(da_fila("turma_planilha", turma.id), texto("busca.turma.botao_planilha"))]
    if not planilha:
        opcoes = [Opcao(da_fila("turma", turma.id), texto("busca.turma.botao_turma"))]
    return (*opcoes, Opcao(da_fila("turmas"), texto("busca.turma.botao_turmas")))


async def ver_turma(ctx: Contexto, argumento: str = "") -> Acao:
    """Uma turma do escopo e quem está nela: o nome e a frequência por horas de cada um,
    com quem está abaixo de 75% e quem não alcança mais (R16, R24)."""
    turma = await _turma_pedida(ctx, argumento)
    if turma is None:
        return nao_encontrado()
    alunos = await alunos_da_turma(ctx.conexao, turma.id)
    frequencia = await frequencia_da_turma(ctx.conexao, turma.id)
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, "turma.alunos", turma.id, ctx.agora)
    partes = [linha_da_turma(turma), texto("equipe.turma.realizados", n=frequencia.realizados)]
    if alunos:
        partes.extend(quadro_da_turma(alunos, frequencia))
    else:
        partes.append(texto("equipe.turma.sem_alunos"))
    # quem vê a turma pode fazer a chamada dela (instrutor, OSC, gestão: os mesmos papéis)
    chamada = Opcao(da_fila("chamada", turma.id), texto("chamada.botao.fazer"))
    return Dizer(("\n\n".join(partes),), (chamada, *caminhos(turma)))


async def ver_planilha(ctx: Contexto, argumento: str = "") -> Acao:
    """A planilha da turma (R16): telefone só para a OSC da turma (R24), auditada."""
    turma = await _turma_pedida(ctx, argumento)
    if turma is None:
        return nao_encontrado()
    saida = await planilha_da_turma(ctx, turma)
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, ACAO_PLANILHA_TURMA, turma.id, ctx.agora
    )
    corpo = texto("busca.turma.planilha_pronta", codigo=turma.codigo)
    tela = texto("navegacao.tela.turma", codigo=turma.codigo)  # o retomar não anuncia o anexo
    return Dizer((corpo,), caminhos(turma, planilha=False), arquivos=(saida,), tela=tela)


COMANDOS = {
    "turmas": ComandoDaEquipe(frozenset({Papel.INSTRUTOR, Papel.OSC, Papel.GESTAO}), ver_turmas),
    "turma": ComandoDaEquipe(
        frozenset({Papel.INSTRUTOR, Papel.OSC, Papel.GESTAO}), ver_turma, no_menu=False
    ),
    "turma_planilha": ComandoDaEquipe(
        frozenset({Papel.INSTRUTOR, Papel.OSC, Papel.GESTAO}), ver_planilha, no_menu=False
    ),
}
