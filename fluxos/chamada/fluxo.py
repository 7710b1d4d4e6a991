"""/chamada (R7, R16): o instrutor marca quem faltou numa mensagem só, no celular.

O comando acha o encontro (o de hoje direto, quando é um só; senão uma escolha curta entre
os de hoje e os passados dentro da janela de correção: `fluxos.chamada.escolha`). Só aula
que já começou (meia hora antes vale). A lista mostra uma linha por matrícula que existia
no dia da aula (R16, `conta_para_a_matricula`); cada toque põe a marca e a MESMA
mensagem muda no lugar (`Atualizar`); digitar também vale ("faltaram 3 e 7", "só o 3
veio", "todos", "pronto": `fluxos.regras.chamada_digitada`), e a resposta diz o que foi
entendido ("Anotei: ..."). "Concluir" grava a chamada inteira, como este celular a
mostrou, numa transação (`armazenamento.chamadas`): uma marca por matrícula, origem
"chamada". Refazer a chamada de um encontro já chamado (dentro da janela) parte das marcas
guardadas e, ao concluir, as troca.

Instrutor: as suas turmas; OSC: as dela; gestão: todas (R24). Turma de fora do escopo:
o mesmo "Não encontrado" das outras telas da equipe.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from armazenamento.chamadas import (
    AlunoDaChamada,
    EncontroDaChamada,
    alunos_da_chamada,
    encontro_no_escopo,
    gravar_chamada,
    proximo_encontro,
    turma_no_escopo,
)
from armazenamento.tempo import FUSO
from fluxos.acoes import Acao, Dizer, Iniciar
from fluxos.chamada import escolha, lista
from fluxos.chamada.escolha import ENCONTRO, ESCOLHAS, MAIS_ENCONTROS, TURMA, sobre
from fluxos.equipe.permissao import nao_encontrado
from fluxos.evasao import verificar_apos_chamada
from fluxos.passos import (
    Atualizar,
    Contexto,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Resposta,
    Resultado,
    Seguir,
)
from fluxos.regras.chamada_digitada import Leitura, Pedido, ler_chamada
from fluxos.regras.frequencia import conta_para_a_matricula
from fluxos.regras.ids import ler_id
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos

FLUXO_CHAMADA = "chamada"
MAIOR_NUMERO_MOSTRADO = 10**9  # "O número 1000000 ..."; maior que isso: "esse número"


async def fazer_chamada(ctx: Contexto, argumento: str = "") -> Acao:
    """/chamada [turma]: abre a lista do encontro de hoje, ou pergunta qual encontro."""
    turma_id = ler_id(argumento) if argumento.strip() else None
    if argumento.strip() and (
        turma_id is None or not await turma_no_escopo(ctx.conexao, ctx.acesso, turma_id)
    ):
        return nao_encontrado()
    todos = await escolha.da_janela(ctx, turma_id)
    candidatos = escolha.abertos(todos, ctx.agora)
    hoje = [e for e in candidatos if e.inicio.astimezone(FUSO).date() == ctx.hoje]
    dados = {TURMA: turma_id, ESCOLHAS: [e.id for e in candidatos[:MAIS_ENCONTROS]]}
    if len(hoje) == 1:
        await escolha.auditar(ctx, hoje[0].id)
        return Iniciar(FLUXO_CHAMADA, dados={**dados, ENCONTRO: hoje[0].id}, passo="lista")
    if candidatos:
        return Iniciar(FLUXO_CHAMADA, dados=dados)
    return await _sem_encontro(ctx, turma_id, todos)


async def _sem_encontro(
    ctx: Contexto, turma_id: int | None, todos: list[EncontroDaChamada]
) -> Acao:
    """Nada a chamar: a aula de hoje ainda não começou, foi suspensa, a próxima ainda não
    chegou, ou nada. Sempre com um caminho: a turma (ou as turmas)."""
    botoes = (Opcao(da_fila("turmas"), texto("chamada.botao.turmas")),)
    if turma_id is not None:
        botoes = (Opcao(da_fila("turma", turma_id), texto("chamada.botao.ver_turma")),)
    mais_tarde = [e for e in todos if not e.cancelado]  # hoje, ainda por começar
    if mais_tarde:
        return Dizer((sobre(mais_tarde[-1], "chamada.futuro", ctx),), botoes)
    if todos:
        return Dizer((sobre(todos[0], "chamada.suspenso", ctx),), botoes)
    amanha = datetime.combine(ctx.hoje + timedelta(days=1), time(), FUSO)
    proximo = await proximo_encontro(ctx.conexao, ctx.acesso, amanha, turma_id)
    if proximo is not None:
        return Dizer((sobre(proximo, "chamada.futuro", ctx),), botoes)
    dias = quantos(ctx.ajustes.janela_chamada.days, "chamada_dia")
    return Dizer((texto("chamada.nenhum_encontro", dias=dias),), botoes)


# ----- a lista -----------------------------------------------------------------------------


def _da_aula(encontro: EncontroDaChamada, aluno: AlunoDaChamada) -> bool:
    """R16: quem se matriculou depois do dia da aula não está nesta chamada (nem ganha
    marca); quem já tem marca deste encontro, está."""
    return conta_para_a_matricula(
        encontro.inicio.astimezone(FUSO).date(),
        aluno.matriculada_em.astimezone(FUSO).date(),
        aluno.marca is not None,
    )


async def _encontro_e_linhas(
    ctx: Contexto, travar: bool = False
) -> tuple[EncontroDaChamada | None, list[lista.Linha]]:
    encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, ctx.dados[ENCONTRO], travar)
    if encontro is None:
        return None, []
    alunos = await alunos_da_chamada(ctx.conexao, encontro.turma_id, encontro.id)
    return encontro, lista.montar(ctx.dados, [a for a in alunos if _da_aula(encontro, a)])


async def _perguntar_lista(ctx: Contexto) -> Pergunta:
    encontro, linhas = await _encontro_e_linhas(ctx)
    if encontro is None:  # perdeu o escopo no meio: a resposta diz "Não encontrado"
        return Pergunta(nao_encontrado().textos[0], [Opcao(lista.CONCLUIR, "OK")])
    partes = [sobre(encontro, "chamada.lista.titulo", ctx)]
    if encontro.feita:
        partes.append(texto("chamada.lista.corrigindo"))
    partes.append(texto("chamada.lista.como" if linhas else "chamada.lista.vazia"))
    outro = len(ctx.dados.get(ESCOLHAS, [])) > 1
    return Pergunta("\n".join(partes), lista.opcoes(linhas, outro), numerar=False)


async def _receber_lista(ctx: Contexto, resposta: Resposta) -> Resultado:
    """Botão: põe a marca que ele pede (`lista.tocar`, idempotente). Digitado: o leitor
    da chamada digitada decide (um nome digitado nunca vira "tocar" no botão dele)."""
    if resposta.opcao == lista.OUTRO:
        abertos = escolha.abertos(await escolha.da_janela(ctx, ctx.dados.get(TURMA)), ctx.agora)
        ctx.dados[ESCOLHAS] = [e.id for e in abertos][:MAIS_ENCONTROS]
        return Seguir("encontro")
    if resposta.opcao == lista.CONCLUIR:
        return await concluir(ctx)
    _, linhas = await _encontro_e_linhas(ctx)
    if resposta.texto:
        leitura = ler_chamada(resposta.texto, [(li.numero, li.nome) for li in linhas])
        if leitura.pedido is Pedido.CONCLUIR:
            return await concluir(ctx)
        return Atualizar(_aplicar(ctx, linhas, leitura))
    if resposta.opcao == lista.TODOS:
        lista.todos_presentes(ctx.dados, linhas)
        return Atualizar()
    if not lista.tocar(ctx.dados, linhas, resposta.opcao or ""):
        return Atualizar(texto("chamada.saiu"))  # saiu da turma depois de a lista aparecer
    return Atualizar()


def _aplicar(ctx: Contexto, linhas: list[lista.Linha], leitura: Leitura) -> str:
    """Aplica o que foi digitado; devolve a nota a mostrar antes da lista (o que foi
    entendido, ou por que nada mudou)."""
    if leitura.pedido is Pedido.MARCAR:
        lista.aplicar(ctx.dados, linhas, leitura)
        return lista.anotei(linhas, leitura)
    if leitura.pedido is Pedido.AMBIGUO:
        nomes = {li.numero: lista.nome_curto(li.nome) for li in linhas}
        quais = ", ".join(f"{n} ({nomes[n]})" for n in leitura.numeros)
        return texto("chamada.digitado.ambiguo", nome=leitura.nome, quais=quais)
    ultimo = max((li.numero for li in linhas), default=0)
    if leitura.pedido is Pedido.FORA:
        if max(leitura.numeros) >= MAIOR_NUMERO_MOSTRADO:
            return texto("chamada.digitado.fora_grande", ultimo=ultimo)
        numeros = ", ".join(str(n) for n in leitura.numeros)
        return texto("chamada.digitado.fora", numeros=numeros, ultimo=ultimo)
    if leitura.nome:
        return texto("chamada.digitado.nao_entendi_parte", parte=leitura.nome[:30])
    return texto("chamada.digitado.nao_entendi")


async def concluir(ctx: Contexto) -> Resultado:
    """Grava a chamada inteira (ou nada), com o encontro travado: a marca que ESTE celular
    mostrava para cada pessoa que ele listou (a última chamada inteira vence, R16); quem
    saiu da turma fica de fora; quem entrou (e a lista não chegou a mostrar) vai com a
    marca do banco: presente, ou a falta avisada pelo "Não vou poder"."""
    encontro, linhas = await _encontro_e_linhas(ctx, travar=True)
    if encontro is None:
        return Dizer(nao_encontrado().textos)
    problema = escolha.impedimento(encontro, ctx.agora, ctx.ajustes.janela_chamada)
    if problema is not None:
        return Dizer((sobre(encontro, problema, ctx),))
    if not linhas:
        return Dizer((texto("chamada.lista.vazia"),))
    marcas = {li.matricula_id: lista.SITUACAO[li.marca] for li in linhas}
    await gravar_chamada(ctx.conexao, encontro.id, marcas, ctx.acesso.membro_id, ctx.agora)
    # R17: a OSC e o CRAS sabem de quem está saindo minutos depois da aula, não no fim
    await verificar_apos_chamada(ctx, encontro.turma_id)
    ver = Opcao(da_fila("turma", encontro.turma_id), texto("chamada.botao.ver_turma"))
    return Dizer((lista.resumo(linhas),), (ver,))


CHAMADA = Fluxo(
    FLUXO_CHAMADA,
    (
        Passo("encontro", escolha.perguntar_encontro, escolha.receber_encontro, campos=(ESCOLHAS,)),
        Passo(
            "lista", _perguntar_lista, _receber_lista, campos=(ENCONTRO,), aceita=lista.aceita_toque
        ),
    ),
    da_equipe=True,
)
