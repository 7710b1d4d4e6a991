"""/chamada (R7, R16): o instrutor marca quem faltou numa mensagem só, no celular.

O comando acha o encontro (o de hoje direto, quando é um só; senão uma escolha curta entre
os de hoje e os passados dentro da janela de correção, `Ajustes.janela_chamada`). A lista
mostra uma linha por matrícula ativa; cada toque troca a marca e a MESMA mensagem muda no
lugar (`Atualizar`); digitar também vale ("faltaram 3 e 7", "só faltou a Maria", "todos",
"pronto": `fluxos.regras.chamada_digitada`). "Concluir" grava a chamada inteira numa
transação (`armazenamento.chamadas`): uma marca por matrícula ativa, origem "chamada".
Refazer a chamada de um encontro já chamado (dentro da janela) parte das marcas guardadas
e, ao concluir, as troca.

Instrutor: as suas turmas; OSC: as dela; gestão: todas (R24). Turma de fora do escopo:
o mesmo "Não encontrado" das outras telas da equipe.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from armazenamento.auditoria import registrar_leitura
from armazenamento.chamadas import (
    EncontroDaChamada,
    alunos_da_chamada,
    encontro_no_escopo,
    encontros_entre,
    gravar_chamada,
    proximo_encontro,
    turma_no_escopo,
)
from armazenamento.tempo import FUSO
from fluxos.acoes import Acao, Dizer, Iniciar
from fluxos.chamada import lista
from fluxos.equipe.permissao import nao_encontrado
from fluxos.evasao import verificar_apos_chamada
from fluxos.passos import (
    Atualizar,
    Contexto,
    Encerrar,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
)
from fluxos.regras.chamada_digitada import Leitura, Pedido, ler_chamada
from fluxos.regras.ids import ler_id
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada, quantos, rotulo_de_botao

FLUXO_CHAMADA = "chamada"
ENCONTRO, TURMA, ESCOLHAS = "_encontro", "_turma", "_escolhas"
MAIS_ENCONTROS = 6  # a escolha de encontros cabe numa tela
ACAO_AUDITORIA = "turma.chamada"


def impedimento(encontro: EncontroDaChamada, hoje: datetime, janela: timedelta) -> str | None:
    """Por que a chamada deste encontro não pode ser feita agora (a chave do texto): aula
    suspensa (R21), que ainda não chegou ou passada da janela de correção."""
    dia = encontro.inicio.astimezone(FUSO).date()
    if encontro.cancelado:
        return "chamada.suspenso"
    if dia > hoje.date():
        return "chamada.futuro"
    if (hoje.date() - dia).days > janela.days:
        return "chamada.fora_da_janela"
    return None


def _local(ctx: Contexto) -> datetime:
    return ctx.agora.astimezone(FUSO)


def quando(encontro: EncontroDaChamada) -> str:
    local = encontro.inicio.astimezone(FUSO)
    return f"{dia_da_semana_e_data(local.date())}, {hora_falada(local)}"


def _sobre(encontro: EncontroDaChamada, chave: str, ctx: Contexto) -> str:
    dias = quantos(ctx.ajustes.janela_chamada.days, "chamada_dia")
    return texto(chave, turma=encontro.turma, quando=quando(encontro), dias=dias)


async def _candidatos(ctx: Contexto, turma_id: int | None) -> list[EncontroDaChamada]:
    """Os encontros de hoje e os passados dentro da janela, do mais novo ao mais velho."""
    hoje = _local(ctx).date()
    inicio = datetime.combine(hoje - ctx.ajustes.janela_chamada, time(), FUSO)
    fim = datetime.combine(hoje + timedelta(days=1), time(), FUSO)
    return await encontros_entre(ctx.conexao, ctx.acesso, inicio, fim, turma_id)


async def fazer_chamada(ctx: Contexto, argumento: str = "") -> Acao:
    """/chamada [turma]: abre a lista do encontro de hoje, ou pergunta qual encontro."""
    turma_id = ler_id(argumento) if argumento.strip() else None
    if argumento.strip() and (
        turma_id is None or not await turma_no_escopo(ctx.conexao, ctx.acesso, turma_id)
    ):
        return nao_encontrado()
    todos = await _candidatos(ctx, turma_id)
    candidatos = [e for e in todos if not e.cancelado]
    hoje = [e for e in candidatos if e.inicio.astimezone(FUSO).date() == _local(ctx).date()]
    if len(hoje) == 1:
        dados = {TURMA: turma_id, ESCOLHAS: [e.id for e in candidatos[:MAIS_ENCONTROS]]}
        await _auditar(ctx, hoje[0].id)
        return Iniciar(FLUXO_CHAMADA, dados={**dados, ENCONTRO: hoje[0].id}, passo="lista")
    if candidatos:
        escolhas = [e.id for e in candidatos[:MAIS_ENCONTROS]]
        return Iniciar(FLUXO_CHAMADA, dados={TURMA: turma_id, ESCOLHAS: escolhas})
    return await _sem_encontro(ctx, turma_id, todos)


async def _sem_encontro(
    ctx: Contexto, turma_id: int | None, todos: list[EncontroDaChamada]
) -> Acao:
    """Nada a chamar: a aula de hoje foi suspensa, a próxima ainda não chegou, ou nada."""
    if todos:
        return Dizer((_sobre(todos[0], "chamada.suspenso", ctx),))
    amanha = datetime.combine(_local(ctx).date() + timedelta(days=1), time(), FUSO)
    proximo = await proximo_encontro(ctx.conexao, ctx.acesso, amanha, turma_id)
    if proximo is not None:
        return Dizer((_sobre(proximo, "chamada.futuro", ctx),))
    dias = quantos(ctx.ajustes.janela_chamada.days, "chamada_dia")
    return Dizer((texto("chamada.nenhum_encontro", dias=dias),))


# ----- passo 1: qual encontro ------------------------------------------------------------


async def _perguntar_encontro(ctx: Contexto) -> Pergunta:
    opcoes = []
    for encontro_id in ctx.dados.get(ESCOLHAS, []):
        encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, encontro_id)
        if encontro is None:
            continue
        local = encontro.inicio.astimezone(FUSO)
        marca = texto("chamada.encontro.feita") if encontro.feita else ""
        nome = texto(
            "chamada.encontro.rotulo",
            data=f"{local.day}/{local.month}",
            hora=hora_falada(local),
            turma=encontro.turma,
            feita=marca,
        )
        opcoes.append(Opcao(f"e{encontro.id}", rotulo_de_botao(nome, lista.ROTULO)))
    return Pergunta(texto("chamada.encontro.pergunta"), opcoes, fechada=True)


async def _receber_encontro(ctx: Contexto, resposta: Resposta) -> Resultado:
    encontro_id = ler_id((resposta.opcao or "").removeprefix("e"))
    if encontro_id is None or encontro_id not in ctx.dados.get(ESCOLHAS, []):
        return Repetir(texto("chamada.encontro.escolha"))
    encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, encontro_id)
    if encontro is None:
        return Repetir(nao_encontrado().textos[0])
    problema = impedimento(encontro, _local(ctx), ctx.ajustes.janela_chamada)
    if problema is not None:
        return Repetir(_sobre(encontro, problema, ctx))
    for chave in (ENCONTRO, lista.ORDEM, lista.MARCAS):
        ctx.dados.pop(chave, None)
    ctx.dados[ENCONTRO] = encontro_id
    await _auditar(ctx, encontro_id)
    return Seguir("lista")


async def _auditar(ctx: Contexto, encontro_id: int) -> None:
    """A lista mostra os nomes da turma: uma linha de auditoria ao abrir (não a cada toque)."""
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, ACAO_AUDITORIA, encontro_id, ctx.agora
    )


# ----- passo 2: a lista --------------------------------------------------------------------


async def _encontro_e_linhas(
    ctx: Contexto, travar: bool = False
) -> tuple[EncontroDaChamada | None, list[lista.Linha]]:
    encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, ctx.dados[ENCONTRO], travar)
    if encontro is None:
        return None, []
    alunos = await alunos_da_chamada(ctx.conexao, encontro.turma_id, encontro.id)
    return encontro, lista.montar(ctx.dados, alunos)


async def _perguntar_lista(ctx: Contexto) -> Pergunta:
    encontro, linhas = await _encontro_e_linhas(ctx)
    if encontro is None:  # perdeu o escopo no meio: a resposta diz "Não encontrado"
        return Pergunta(nao_encontrado().textos[0], [Opcao(lista.CONCLUIR, "OK")])
    partes = [_sobre(encontro, "chamada.lista.titulo", ctx)]
    if encontro.feita:
        partes.append(texto("chamada.lista.corrigindo"))
    partes.append(texto("chamada.lista.como" if linhas else "chamada.lista.vazia"))
    outro = len(ctx.dados.get(ESCOLHAS, [])) > 1
    return Pergunta("\n".join(partes), lista.opcoes(linhas, outro), numerar=False)


async def _receber_lista(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == lista.OUTRO:
        ctx.dados[ESCOLHAS] = [e.id for e in await _abertos(ctx)][:MAIS_ENCONTROS]
        return Seguir("encontro")
    if resposta.opcao == lista.CONCLUIR:
        return await concluir(ctx)
    _, linhas = await _encontro_e_linhas(ctx)
    if resposta.opcao == lista.TODOS:
        lista.todos_presentes(ctx.dados, linhas)
        return Atualizar()
    if resposta.opcao:
        linha = lista.linha_do_valor(linhas, resposta.opcao)
        if linha is None:  # saiu da turma depois de a lista aparecer
            return Atualizar(texto("chamada.saiu"))
        lista.alternar(ctx.dados, linha)
        return Atualizar()
    leitura = ler_chamada(resposta.texto, [(li.numero, li.nome) for li in linhas])
    if leitura.pedido is Pedido.CONCLUIR:
        return await concluir(ctx)
    return Atualizar(_aplicar(ctx, linhas, leitura))


async def _abertos(ctx: Contexto) -> list[EncontroDaChamada]:
    return [e for e in await _candidatos(ctx, ctx.dados.get(TURMA)) if not e.cancelado]


def _aplicar(ctx: Contexto, linhas: list[lista.Linha], leitura: Leitura) -> str:
    """Aplica o que foi digitado; devolve a nota a mostrar antes da lista."""
    if leitura.pedido is Pedido.TODOS:
        lista.todos_presentes(ctx.dados, linhas)
        return ""
    if leitura.pedido is Pedido.FALTAS:
        lista.faltaram(ctx.dados, linhas, leitura.numeros)
        return ""
    if leitura.pedido is Pedido.AMBIGUO:
        nomes = {li.numero: lista.nome_curto(li.nome) for li in linhas}
        quais = ", ".join(f"{n} ({nomes[n]})" for n in leitura.numeros)
        return texto("chamada.digitado.ambiguo", nome=leitura.nome, quais=quais)
    if leitura.pedido is Pedido.FORA:
        numeros = ", ".join(str(n) for n in leitura.numeros)
        ultimo = max((li.numero for li in linhas), default=0)
        return texto("chamada.digitado.fora", numeros=numeros, ultimo=ultimo)
    return texto("chamada.digitado.nao_entendi")


async def concluir(ctx: Contexto) -> Resultado:
    """Grava a chamada inteira (ou nada): o encontro travado, as matrículas ativas de
    agora (quem saiu fica de fora, quem entrou vai junto) e uma marca para cada uma."""
    encontro, linhas = await _encontro_e_linhas(ctx, travar=True)
    if encontro is None:
        return Encerrar(nao_encontrado().textos)
    problema = impedimento(encontro, _local(ctx), ctx.ajustes.janela_chamada)
    if problema is not None:
        return Encerrar((_sobre(encontro, problema, ctx),))
    if not linhas:
        return Encerrar((texto("chamada.lista.vazia"),))
    marcas = {li.matricula_id: lista.SITUACAO[li.marca] for li in linhas}
    await gravar_chamada(ctx.conexao, encontro.id, marcas, ctx.acesso.membro_id, ctx.agora)
    # R17: a OSC e o CRAS sabem de quem está saindo minutos depois da aula, não no fim
    await verificar_apos_chamada(ctx, encontro.turma_id)
    ver = Opcao(f"cmd:turma {encontro.turma_id}", texto("chamada.botao.ver_turma"))
    return Encerrar((lista.resumo(linhas),), (ver,))


CHAMADA = Fluxo(
    FLUXO_CHAMADA,
    (
        Passo("encontro", _perguntar_encontro, _receber_encontro, campos=(ESCOLHAS,)),
        Passo("lista", _perguntar_lista, _receber_lista, campos=(ENCONTRO,)),
    ),
    da_equipe=True,
)
