"""Passos de identificação: aviso de privacidade, nome, nome social, nascimento, CPF, telefone."""

from __future__ import annotations

from armazenamento import preinscricoes
from fluxos.passos import Contexto, Dizer, Opcao, Pergunta, Resposta, Resultado, Seguir
from fluxos.preinscricao import assistida as modo
from fluxos.preinscricao.apoio import (
    ANOS_GUARDA,
    NAO,
    SIM,
    VERSAO_AVISO,
    dado,
    fechada,
    opcao,
    pergunta,
    repetir,
    t,
)
from fluxos.preinscricao.ciclo import ciclo_aberto, situacao_resumida
from fluxos.regras.cpf import tem_11_numeros, validar_cpf
from fluxos.regras.datas import interpretar_data
from fluxos.regras.idade import tem_idade_minima
from fluxos.regras.nomes import validar_nome, validar_nome_social
from fluxos.regras.telefone import (
    ESTRANGEIRO,
    SEM_DDD,
    SEM_O_NOVE,
    Recusado,
    formatar_telefone,
    ler_telefone,
)
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso

# Onde a pessoa pode mandar o próprio contato: o botão nativo do Telegram; o cartão de
# contato do WhatsApp (o texto, `@whatsapp`, pede para escrever: não há botão). Fora deles,
# um contato mandado é "não preciso do seu telefone agora" — errado onde se pede o telefone.
CANAIS_COM_CONTATO = {"telegram", "whatsapp"}
# o canal em que a conversa é o próprio número de quem escreve (quando vem no webhook; quem
# esconde o número atrás de um nome de usuário conversa pelo BSUID, sem número)
CANAIS_DO_NUMERO = {"whatsapp"}
ESTE_NUMERO = "este_numero"
ORGAO_GESTOR = "Secretaria de Assistência Social"


async def perguntar_aviso(ctx: Contexto) -> Pergunta:
    return fechada(
        pergunta(
            ctx,
            "aviso",
            opcao(ctx, "continuar", "preinscricao.aviso.botao_continuar", SIM),
            opcao(ctx, "saber_mais", "preinscricao.aviso.botao_saber_mais"),
            opcao(ctx, "agora_nao", "preinscricao.aviso.botao_agora_nao", NAO),
            anos=ANOS_GUARDA,
        )
    )


async def receber_aviso(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "continuar":
        ctx.dados["aviso"] = VERSAO_AVISO
        return Seguir("nome")
    if resposta.opcao == "saber_mais":
        return Seguir("aviso_completo")
    if resposta.opcao == "agora_nao":
        return Dizer((t(ctx, "aviso.recusado"),))
    return repetir(ctx, "aviso.escolha")


async def perguntar_aviso_completo(ctx: Contexto) -> Pergunta:
    completo = t(ctx, "aviso.completo", orgao=ORGAO_GESTOR, anos=ANOS_GUARDA, versao=VERSAO_AVISO)
    if ctx.assistida:  # o texto legal é um só: a equipe lê para a pessoa
        completo = f"{texto('preinscricao_assistida.aviso.leia_completo')}\n\n{completo}"
    return Pergunta(
        completo,
        [
            opcao(ctx, "continuar", "preinscricao.aviso.botao_continuar", SIM),
            opcao(ctx, "agora_nao", "preinscricao.aviso.botao_agora_nao", NAO),
        ],
        fechada=True,
    )


async def perguntar_nome(ctx: Contexto) -> Pergunta:
    return pergunta(ctx, "nome")


async def receber_nome(ctx: Contexto, resposta: Resposta) -> Resultado:
    nome = validar_nome(resposta.texto)
    if nome is None:
        return repetir(ctx, "nome.erro")
    ctx.dados["nome"] = nome
    return Seguir()


async def perguntar_nome_social(ctx: Contexto) -> Pergunta:
    return dado(ctx, "nome_social", opcao(ctx, "nao", "preinscricao.nome_social.botao_nao", NAO))


async def receber_nome_social(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "nao":
        ctx.dados["nome_social"] = ""
        return Seguir()
    nome = validar_nome_social(resposta.texto)
    if nome is None:
        return repetir(ctx, "nome_social.erro")
    ctx.dados["nome_social"] = nome
    return Seguir()


async def perguntar_nascimento(ctx: Contexto) -> Pergunta:
    return pergunta(ctx, "nascimento")


async def receber_nascimento(ctx: Contexto, resposta: Resposta) -> Resultado:
    """R1: menor de 16 na data de hoje ouve o motivo e nada é guardado."""
    data = interpretar_data(resposta.texto, ctx.hoje)
    if data is None:
        return repetir(ctx, "nascimento.erro")
    if not tem_idade_minima(data, ctx.hoje):
        return Dizer((t(ctx, "nascimento.menor"),))
    ctx.dados["nascimento"] = data.isoformat()
    return Seguir(nota=t(ctx, "nascimento.anotado", data=data_por_extenso(data)))


async def perguntar_cpf(ctx: Contexto) -> Pergunta:
    return dado(ctx, "cpf", opcao(ctx, "sem_cpf", "preinscricao.cpf.botao_sem_cpf", NAO))


async def receber_cpf(ctx: Contexto, resposta: Resposta) -> Resultado:
    """O mesmo CPF não faz segunda pré-inscrição no ciclo: a pessoa vê a que já tem."""
    if resposta.opcao == "sem_cpf":
        ctx.dados["cpf"] = None
        return Seguir()
    cpf = validar_cpf(resposta.texto)
    if cpf is None and not tem_11_numeros(resposta.texto):
        return repetir(ctx, "cpf.tamanho")  # "1", um número a menos: o CPF tem 11
    if cpf is None:
        return repetir(ctx, "cpf.erro")
    ciclo = await ciclo_aberto(ctx)
    existente = ciclo and await preinscricoes.buscar_por_cpf(ctx.conexao, ciclo.id or 0, cpf)
    if existente and ctx.assistida:
        return await modo.ja_existe(ctx, existente)
    if existente:
        return await _cpf_ja_inscrito(ctx, existente)
    ctx.dados["cpf"] = cpf
    return Seguir()


async def _cpf_ja_inscrito(ctx: Contexto, existente: preinscricoes.Situacao) -> Dizer:
    """R3: o CPF já tem pré-inscrição no ciclo. Quem escreve do chat dono dela vê a
    situação; os demais ouvem a MESMA resposta, com qualquer data de nascimento: CPF e
    nascimento não mostram nada a ninguém. Como nada aqui se adivinha, nada conta na
    trava do registro (`fluxos.vinculo_trava`): contar só daria a quem sabe um CPF um
    jeito de travar o vínculo da pessoa de verdade."""
    do_chat = await preinscricoes.todas_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if any(p.id == existente.id for p in do_chat):
        return Dizer((t(ctx, "ja_inscrito"), await situacao_resumida(ctx, existente)))
    return Dizer(
        (t(ctx, "cpf.de_outra_pessoa"),),
        (Opcao(da_fila("ajuda"), texto("cidadao.menu.botao_ajuda")),),
    )


async def perguntar_telefone(ctx: Contexto) -> Pergunta:
    if ctx.assistida:  # digitado: o contato da equipe não é o da pessoa
        return dado(
            ctx,
            "telefone",
            opcao(ctx, "sem_telefone", "preinscricao_assistida.telefone.botao_sem_telefone", NAO),
        )
    proprio = _numero_de_quem_escreve(ctx)
    if proprio is not None:  # "Usar este número" (e o cartão de contato também vale)
        usar = opcao(ctx, ESTE_NUMERO, "preinscricao.telefone.botao_este_numero")
        p = dado(ctx, "telefone", usar)
        p.texto = t(ctx, "telefone.pergunta_este_numero", final=proprio[-4:])
        p.pedir_contato = True
        return p
    if ctx.canal in CANAIS_COM_CONTATO:
        return Pergunta(t(ctx, "telefone.pergunta_contato"), pedir_contato=True)
    return pergunta(ctx, "telefone")


def _numero_de_quem_escreve(ctx: Contexto) -> str | None:
    """O telefone de quem escreve, quando o canal o conhece (o número do WhatsApp)."""
    if ctx.canal not in CANAIS_DO_NUMERO or not ctx.chat_id.isdigit():
        return None
    numero = ler_telefone("+" + ctx.chat_id)
    return None if isinstance(numero, Recusado) else numero


async def receber_telefone(ctx: Contexto, resposta: Resposta) -> Resultado:
    """O cartão de contato de OUTRA pessoa vale como o número digitado: quem divide o
    celular com a mãe pode querer ser chamado no dela (a nota diz de quem é o número)."""
    if ctx.assistida and resposta.opcao == "sem_telefone":
        ctx.dados["telefone"] = ""
        return Seguir()
    if resposta.opcao == ESTE_NUMERO and _numero_de_quem_escreve(ctx):
        resposta = Resposta(contato=_numero_de_quem_escreve(ctx), contato_proprio=True)
    telefone = ler_telefone(resposta.contato or resposta.texto)
    if isinstance(telefone, Recusado):
        return _telefone_recusado(ctx, telefone.motivo)
    ctx.dados["telefone"] = telefone
    de_outro = resposta.contato is not None and not resposta.contato_proprio
    chave = "telefone.anotado_de_outro" if de_outro else "telefone.anotado"
    return Seguir(nota=t(ctx, chave, telefone=formatar_telefone(telefone)))


def _telefone_recusado(ctx: Contexto, motivo: str) -> Resultado:
    """Diz o que falta (o DDD, o 9 do celular) em vez de só "não confere"."""
    if motivo == SEM_DDD:
        return repetir(ctx, "telefone.erro_sem_ddd")
    if motivo == SEM_O_NOVE:
        return repetir(ctx, "telefone.erro_sem_o_nove")
    if motivo == ESTRANGEIRO:
        return repetir(ctx, "telefone.erro_estrangeiro")
    return repetir(ctx, "telefone.erro")
