"""O menu de cada papel: botões no chat e o "/" do Telegram mostram só o que o papel pode.

Quem tem vários papéis (ex.: técnica de OSC que também é instrutora) vê a união.
"""

from __future__ import annotations

from armazenamento.acesso import Acesso, Papel
from fluxos.canais import entrega_depois
from fluxos.equipe.registro import COMANDOS_DA_EQUIPE
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.texto import normalizar
from mensagens.botoes import da_fila
from mensagens.catalogo import existe, texto


def comandos_do_papel(acesso: Acesso) -> tuple[str, ...]:
    """Os comandos de menu que o papel pode usar, na ordem do registro."""
    return tuple(
        nome
        for nome, comando in COMANDOS_DA_EQUIPE.items()
        if comando.no_menu and acesso.tem(*comando.papeis)
    )


def menu_do_telegram(acesso: Acesso) -> tuple[str, ...]:
    """O "/" da conversa: menu, os comandos do papel e ajuda."""
    return ("menu", *comandos_do_papel(acesso), "ajuda")


def opcoes_do_menu(acesso: Acesso) -> tuple[Opcao, ...]:
    return tuple(
        Opcao(da_fila(nome), texto(f"equipe.botao.{nome}")) for nome in comandos_do_papel(acesso)
    )


def papeis_por_extenso(acesso: Acesso) -> str:
    return ", ".join(texto(f"equipe.papel_curto.{p}") for p in sorted(acesso.papeis))


# papéis que recebem alertas de evasão e pedidos de ajuda pela fila (R17, R20)
PAPEIS_COM_ALERTAS = frozenset({Papel.OSC, Papel.CRAS})


def sem_aviso(papel: str) -> str:
    """Para quem entrou por um canal que não entrega depois (o chat do site): onde olhar.
    OSC e CRAS também sabem que alertas e pedidos de ajuda só aparecem nas telas."""
    chave = f"alcance.equipe.sem_aviso.{papel}"
    aviso = texto(chave if existe(chave) else "alcance.equipe.sem_aviso")
    if papel in PAPEIS_COM_ALERTAS:
        aviso += " " + texto("alcance.equipe.sem_aviso.alertas")
    return aviso


def menu(ctx: Contexto, mudar_o_menu: bool = False) -> Acao:
    """O menu de botões; `mudar_o_menu` também atualiza o "/" (ao entrar e no /start)."""
    opcoes = opcoes_do_menu(ctx.acesso)
    vazio = "equipe.menu.vazio" if entrega_depois(ctx.canal) else "alcance.equipe.menu_vazio"
    chave = "equipe.menu.pergunta" if opcoes else vazio
    corpo = texto(chave, papeis=papeis_por_extenso(ctx.acesso))
    if opcoes and not entrega_depois(ctx.canal) and ctx.acesso.tem(*PAPEIS_COM_ALERTAS):
        corpo = f"{corpo}\n\n{texto('alcance.equipe.sem_aviso.alertas')}"  # R17, R20
    comandos = menu_do_telegram(ctx.acesso) if mudar_o_menu else None
    return Dizer((corpo,), opcoes, comandos)


async def iniciar(ctx: Contexto, _argumento: str = "") -> Acao:
    return menu(ctx, mudar_o_menu=True)


async def mostrar_menu(ctx: Contexto, _argumento: str = "") -> Acao:
    return menu(ctx)


async def ajuda(ctx: Contexto, _argumento: str = "") -> Acao:
    return Dizer((texto("equipe.ajuda"),), opcoes_do_menu(ctx.acesso))


async def desconhecido(ctx: Contexto, _argumento: str = "") -> Acao:
    """ "Não entendi" com o menu; ao retomar, volta só o menu (sem o "Não entendi")."""
    tela = menu(ctx)
    assert isinstance(tela, Dizer)
    return Dizer((texto("equipe.desconhecido"),), tela.opcoes, tela=tela.textos[-1])


def palavras_do_menu() -> dict[str, str]:
    """O nome de cada comando do menu e o rótulo do botão dele, como se escrevem ("buscar",
    "listas dos cras", "pre inscrever") → o comando. A permissão continua no comando."""
    palavras: dict[str, str] = {}
    for nome, comando in COMANDOS_DA_EQUIPE.items():
        if comando.no_menu:
            palavras[normalizar(nome)] = nome
            palavras[normalizar(texto(f"equipe.botao.{nome}"))] = nome
    return palavras
