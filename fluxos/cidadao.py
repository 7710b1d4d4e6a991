"""Comandos do cidadão fora de um fluxo: início, menu, situação, frequência, ajuda, "me avise"."""

from __future__ import annotations

from armazenamento import pedidos_ajuda, preinscricoes
from armazenamento.preinscricoes import Situacao as Feita
from fluxos import frequencia
from fluxos.aberturas import CANAIS_COM_AVISO
from fluxos.motor import Acao, Comando, Dizer, Iniciar
from fluxos.passos import Contexto, Opcao
from fluxos.pedido_ajuda.avisos import assinatura
from fluxos.preinscricao.apoio import FLUXO
from fluxos.preinscricao.ciclo import periodo
from fluxos.presenca import COMANDOS_DA_AULA
from fluxos.regras.escolha import SIM
from fluxos.regras.periodo import Periodo, Situacao
from fluxos.situacao import pede_situacao, situacao_do_chat
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso


def _fazer() -> Opcao:
    return Opcao(da_fila("preinscricao"), texto("cidadao.menu.botao_preinscricao"))


def _fiz_com_a_equipe() -> Opcao:
    """R3: quem fez a pré-inscrição na OSC ou no CRAS liga este chat a ela (`fluxos.vinculo`)."""
    return Opcao(da_fila("vincular"), texto("cidadao.menu.botao_vincular"))


def _ajuda() -> Opcao:
    return Opcao(da_fila("ajuda"), texto("cidadao.menu.botao_ajuda"))


def _falar() -> Opcao:
    """R20: o caminho do menu até uma pessoa da equipe (`fluxos.pedido_ajuda`)."""
    return Opcao(da_fila("pedir_ajuda"), texto("cidadao.menu.botao_falar"))


def _frequencia() -> Opcao:
    return Opcao(da_fila("frequencia"), texto("cidadao.menu.botao_frequencia"))  # R16


def _menu_opcoes() -> tuple[Opcao, ...]:
    return (
        _fazer(),
        Opcao(da_fila("status"), texto("cidadao.menu.botao_status")),
        _frequencia(),
        _falar(),
        _fiz_com_a_equipe(),
        _ajuda(),
    )


def _opcoes_de_matriculado() -> tuple[Opcao, ...]:
    """Quem já está numa turma: a situação, a frequência e falar com alguém (R16, R20)."""
    situacao = Opcao(da_fila("status"), texto("cidadao.menu.botao_situacao"))
    return (situacao, _frequencia(), _falar())


async def _matriculado(ctx: Contexto) -> bool:
    escopo = await pedidos_ajuda.escopo_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    return escopo is not None and escopo.matricula_id is not None


async def _lembrete_do_atendimento(ctx: Contexto) -> str:
    """R20: com pedido de ajuda aberto, o menu lembra com quem a pessoa fala e que o texto
    solto continua indo para lá ("" sem pedido aberto)."""
    aberto = await pedidos_ajuda.aberto_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if aberto is None:
        return ""
    if aberto.tecnico_id is None:
        return texto("cidadao.menu.atendimento.aberto")
    quem = await assinatura(ctx.conexao, aberto.tecnico_id)
    return texto("cidadao.menu.atendimento.com_quem", quem=quem)


def _do_ciclo(ja_tem: Feita | None, p: Periodo) -> bool:
    """A pré-inscrição desta conversa é do ciclo em questão (ou não há ciclo algum)?"""
    return ja_tem is not None and (p.ciclo is None or ja_tem.ciclo_id == getattr(p.ciclo, "id", 0))


def _abrir_ou_avisar(p: Periodo, canal: str) -> Acao:
    """R3: com o período aberto começa a pré-inscrição; fechado, diz quando abre e, onde
    dá para mandar mensagem depois, oferece o aviso."""
    if p.situacao is Situacao.ABERTO:
        return Iniciar(FLUXO)
    vai_abrir = p.situacao is Situacao.VAI_ABRIR and p.ciclo is not None
    if vai_abrir and p.ciclo is not None:
        inicio = data_por_extenso(p.ciclo.preinscricao_inicio)
        aviso = texto(
            "cidadao.fechado.vai_abrir",
            inicio=inicio,
            fim=data_por_extenso(p.ciclo.preinscricao_fim),
        )
    else:
        inicio, aviso = "", texto("cidadao.fechado.encerrado")
    if canal not in CANAIS_COM_AVISO:
        volte = texto("cidadao.fechado.sem_aviso", inicio=inicio) if vai_abrir else ""
        return Dizer((f"{aviso} {volte}".strip(),))
    pergunta = f"{aviso} {texto('cidadao.fechado.pergunta_aviso')}"
    return Dizer(
        (pergunta,), (Opcao(da_fila("avisar"), texto("cidadao.fechado.botao_avisar"), SIM),)
    )


async def preinscrever(ctx: Contexto, _arg: str = "") -> Acao:
    """Pediu a pré-inscrição: quem já fez neste ciclo vê a que tem."""
    ja_tem = await preinscricoes.buscar_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    p = await periodo(ctx)
    if ja_tem is not None and p.situacao is Situacao.ABERTO and _do_ciclo(ja_tem, p):
        return await _mostrar_situacao(ctx, texto("preinscricao.ja_inscrito"))
    return _abrir_ou_avisar(p, ctx.canal)


async def iniciar(ctx: Contexto, argumento: str = "") -> Acao:
    """/start, um "oi" ou um texto solto: quem já se inscreveu vê a situação (a mesma do
    comando); quem pede a situação com outras palavras ("sitaucao") também; os demais
    começam."""
    if frequencia.pede_frequencia(argumento):  # "frequensia", "como está minha frequência"
        return await frequencia.ver_frequencia(ctx)
    if pede_situacao(argumento):
        return await situacao(ctx)
    ja_tem = await preinscricoes.buscar_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    p = await periodo(ctx)
    if ja_tem is not None and _do_ciclo(ja_tem, p):
        return await _mostrar_situacao(ctx)
    return _abrir_ou_avisar(p, ctx.canal)


async def situacao(ctx: Contexto, _arg: str = "") -> Acao:
    """A situação de todas as pré-inscrições desta conversa (`fluxos.situacao`)."""
    return await _mostrar_situacao(ctx)


async def _mostrar_situacao(ctx: Contexto, antes: str = "") -> Acao:
    achada = await situacao_do_chat(ctx)
    if achada is None:
        return Dizer((texto("cidadao.status.nenhuma"),), (_fazer(), _fiz_com_a_equipe()))
    corpo, abertas = achada
    return Dizer((antes, corpo) if antes else (corpo,), (_ajuda(),), arquivos=abertas)


async def avisar(ctx: Contexto, _arg: str = "") -> Acao:
    """Guarda o pedido de aviso para o ano do próximo período (R3)."""
    p = await periodo(ctx)
    if p.situacao is Situacao.ABERTO:
        return _abrir_ou_avisar(p, ctx.canal)
    if ctx.canal not in CANAIS_COM_AVISO:
        return _abrir_ou_avisar(p, ctx.canal)
    ano = p.ciclo.ano if p.situacao is Situacao.VAI_ABRIR and p.ciclo else ctx.hoje.year + 1
    await preinscricoes.pedir_aviso(ctx.conexao, ctx.canal, ctx.chat_id, ano, ctx.agora)
    return Dizer((texto("cidadao.fechado.avisaremos"),))


async def menu(ctx: Contexto, _arg: str = "") -> Acao:
    """O menu; quem está numa turma vê o que serve a quem já estuda (R16, R20); com pedido
    de ajuda aberto, uma linha lembra a conversa e um botão a encerra."""
    opcoes = (*_opcoes_de_matriculado(), _ajuda()) if await _matriculado(ctx) else _menu_opcoes()
    lembrete = await _lembrete_do_atendimento(ctx)
    if not lembrete:
        return Dizer((texto("cidadao.menu.pergunta"),), opcoes)
    encerrar = Opcao(
        da_fila("encerrar_atendimento"), texto("pedido_ajuda.botao.encerrar_atendimento")
    )
    corpo = f"{lembrete}\n\n{texto('cidadao.menu.pergunta')}"
    return Dizer((corpo,), (encerrar, *opcoes))


async def ajuda(ctx: Contexto, _arg: str = "") -> Acao:
    """A ajuda do bot: para quem já está numa turma, a frequência, a situação e falar com
    alguém; para os demais, a pré-inscrição (R3)."""
    if await _matriculado(ctx):
        return Dizer((texto("cidadao.ajuda.matriculado"),), _opcoes_de_matriculado())
    fazer, status, _frequencia, falar, com_a_equipe, _ = _menu_opcoes()
    return Dizer((texto("cidadao.ajuda"),), (fazer, status, com_a_equipe, falar))


async def desconhecido(ctx: Contexto, _arg: str = "") -> Acao:
    return Dizer((texto("cidadao.desconhecido"),), _menu_opcoes())


# palavras que valem como comando em qualquer momento (normalizadas)
PALAVRAS = {
    "situacao": "status",
    "status": "status",
    "minha inscricao": "status",
    "minha situacao": "status",
    "ver minha inscricao": "status",
    "como esta minha inscricao": "status",
    "como esta a minha inscricao": "status",
    "minha pre inscricao": "status",
    "me avise": "avisar",
    "pre inscricao": "preinscricao",
    "preinscricao": "preinscricao",
    **frequencia.PALAVRAS,  # "frequência", "minhas faltas" (R16)
}

COMANDOS: dict[str, Comando] = {
    "start": iniciar,
    "texto": iniciar,
    "preinscricao": preinscrever,
    "status": situacao,
    "situacao": situacao,
    "avisar": avisar,
    "frequencia": frequencia.ver_frequencia,
    "menu": menu,
    "ajuda": ajuda,
    "desconhecido": desconhecido,
    **COMANDOS_DA_AULA,  # "Vou" / "Não vou poder" do lembrete de aula
}
