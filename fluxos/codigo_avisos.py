"""O código de avisos no WhatsApp: o /start do Telegram de quem não tem /start (R3).

Quem se inscreveu no chat do site toca o link `wa.me` e manda o texto pronto ("Quero
receber os avisos. Código: ABCD-EFGH-2345"); ou digita só o código, com espaços ou em
minúsculas. Em qualquer ponto da conversa, até no meio de outro fluxo (que continua
depois, sem perder nada), a mensagem liga esta conversa à pré-inscrição, como o
`/start pi-…` do Telegram (`fluxos.alcance.resgatar`).

Por que assim (o atacante sabe um CPF; o código é o segredo):
- só o código liga; CPF, nome ou nascimento nunca são perguntados aqui;
- o código só é reconhecido com a forma exata (12 do alfabeto, letras E números, ou
  depois da palavra "código"): um nome, um CPF, um telefone ou uma data nunca viram
  tentativa; e nada que não seja um código que vale liga alguma coisa;
- falhas contam por quem escreve (os limites dos convites: 5 em 30 min, conferidos ANTES
  de olhar o código, para quem insiste não saber se acertou) e por registro alvo: um
  código velho (usado, vencido) de uma pré-inscrição mandado de um número que não é o
  dela conta para ELA (`fluxos.vinculo_trava`: 5 na janela travam o vínculo para
  qualquer chat e a equipe recebe UM aviso); a pré-inscrição travada não é ligada por
  nenhum código.
"""

from __future__ import annotations

from armazenamento import preinscricoes, vinculos_canal
from armazenamento.equipe import Falha
from fluxos import alcance
from fluxos.acoes import Acao, Dizer, quem_escreve
from fluxos.forma_codigo import normalizar
from fluxos.passos import Contexto
from fluxos.vinculo_trava import anotar_erro
from mensagens.catalogo import texto

AVISO_EQUIPE = "vinculo_whatsapp.equipe.travado"
TRAVADO = "vinculo_whatsapp.travado"


async def ligar_pelo_codigo(ctx: Contexto, argumento: str) -> Acao:
    """A mensagem com o código: liga esta conversa à pré-inscrição; senão, diz por que e
    nada muda (a tentativa conta, por quem escreve e pelo alvo)."""
    if ctx.acesso.equipe:  # o chat da equipe não fica dono da pré-inscrição de alguém
        return Dizer((texto("vinculo_whatsapp.na_equipe"),))
    usuario = quem_escreve(ctx.entrada)
    if await preinscricoes.vinculo_bloqueado(ctx.conexao, ctx.canal, usuario, ctx.agora):
        return Dizer((texto("alcance.resgate.bloqueado"),))
    codigo = normalizar(argumento)
    token = vinculos_canal.token_do_codigo(codigo)
    if not vinculos_canal.tem_forma_de_codigo(codigo):
        resultado: int | str = Falha.INVALIDO.value
    else:
        resultado = await alcance.resgatar(ctx, token)
    if isinstance(resultado, int):
        return await alcance.pronto(ctx, resultado)
    ja_aqui = await alcance.ja_ligada_aqui(ctx, token) if resultado == Falha.USADO else None
    if ja_aqui is not None:  # tocou de novo no mesmo link: está tudo certo, nada conta
        return Dizer((ja_aqui,))
    await preinscricoes.anotar_tentativa_de_vinculo(ctx.conexao, ctx.canal, usuario, ctx.agora)
    if resultado in (Falha.USADO, Falha.EXPIRADO) and await _contar_no_alvo(ctx, token):
        resultado = TRAVADO
    chave = resultado if "." in resultado else f"vinculo_whatsapp.recusado.{resultado}"
    return Dizer((texto(chave),))


async def _contar_no_alvo(ctx: Contexto, token: str) -> bool:
    """Um código velho conta para a pré-inscrição dele; devolve se ela travou agora."""
    alvo = await vinculos_canal.preinscricao_do_link(ctx.conexao, ctx.canal, token)
    return alvo is not None and await anotar_erro(ctx, alvo, AVISO_EQUIPE)
