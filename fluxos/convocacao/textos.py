"""O que a convocação diz (R5): a mensagem com curso, data, local e o que levar, o
lembrete, as respostas aos botões e os avisos à equipe. Todo texto vem do catálogo
(`convocacao.po` para o cidadão, `equipe_convocacao.po` para a equipe)."""

from __future__ import annotations

from datetime import datetime

from armazenamento.convocacoes import TurmaDaConvocacao
from armazenamento.tempo import FUSO
from fluxos.avisos_fila import CONVOCACAO, PRAZO, com_modelo, para_pessoa
from fluxos.convocacao.regras import Decisao
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada, quantos
from mensagens.tipos import Botao, Saida

COMANDO_SIM = "conv_sim"
COMANDO_NAO = "conv_nao"


def quando(momento: datetime) -> str:
    """ "terça-feira, 16 de fevereiro, às 14h", no horário de Bauru."""
    dia = dia_da_semana_e_data(momento.astimezone(FUSO).date())
    return texto("convocacao.quando", dia=dia, hora=hora_falada(momento))


def ate_o_dia(prazo: datetime) -> str:
    """O prazo como se combina (R5): "quinta-feira, 4 de março", sem a hora (acaba no fim
    do dia, em Bauru)."""
    return dia_da_semana_e_data(prazo.astimezone(FUSO).date())


def primeiro_nome(nome: str) -> str:
    return nome.split()[0] if nome.split() else nome


def endereco(turma: TurmaDaConvocacao) -> str:
    """O local da turma; sem ele, o endereço da instituição."""
    return turma.local.strip() or turma.osc_endereco.strip()


def detalhes(turma: TurmaDaConvocacao, encontro: tuple[datetime, bool]) -> list[str]:
    """As linhas de data, local e o que levar (cada uma só se houver o dado)."""
    inicio, eh_o_primeiro = encontro
    chave = "convocacao.primeiro" if eh_o_primeiro else "convocacao.proximo"
    linhas = [texto(chave, quando=quando(inicio))]
    if endereco(turma):
        linhas.append(texto("convocacao.local", local=endereco(turma)))
    if turma.o_que_levar.strip():
        linhas.append(texto("convocacao.levar", levar=turma.o_que_levar.strip()))
    return linhas


def botoes(convocacao_id: int) -> tuple[Botao, ...]:
    return (
        Botao(texto("convocacao.botao_sim"), da_fila(COMANDO_SIM, convocacao_id)),
        Botao(texto("convocacao.botao_nao"), da_fila(COMANDO_NAO, convocacao_id)),
    )


def _outro_turno(turma: TurmaDaConvocacao, turno_escolhido: str) -> list[str]:
    if not turno_escolhido or turno_escolhido == turma.turno:
        return []
    return [
        texto(
            "convocacao.outro_turno",
            turno_turma=texto(f"turno.{turma.turno}").lower(),
            turno=texto(f"turno.{turno_escolhido}").lower(),
        )
    ]


def convocacao(
    turma: TurmaDaConvocacao,
    encontro: tuple[datetime, bool],
    convocacao_id: int,
    nome: str,
    prazo: datetime,
    turno_escolhido: str = "",
) -> Saida:
    """A mensagem da convocação, com "Confirmo" e "Não posso". Quem é chamado para uma
    turma de outro turno (R10) fica sabendo antes de responder."""
    linhas = [
        texto("convocacao.chamada", nome=primeiro_nome(nome), curso=turma.curso),
        *_outro_turno(turma, turno_escolhido),
        *detalhes(turma, encontro),
        texto("convocacao.pergunta", prazo=ate_o_dia(prazo)),
    ]
    inicio = encontro[0]
    return com_modelo(
        Saida("\n".join(linhas), botoes(convocacao_id)),
        CONVOCACAO,
        nome=primeiro_nome(nome),
        curso=turma.curso,
        quando=quando(inicio),
        local=endereco(turma) or texto("whatsapp_fila.local_a_combinar"),
        prazo=ate_o_dia(prazo),
    )


def lembrete(turma: TurmaDaConvocacao, convocacao_id: int, nome: str, prazo: datetime) -> Saida:
    corpo = texto(
        "convocacao.lembrete", nome=primeiro_nome(nome), curso=turma.curso, prazo=ate_o_dia(prazo)
    )
    valores = {"nome": primeiro_nome(nome), "curso": turma.curso, "prazo": ate_o_dia(prazo)}
    return com_modelo(Saida(corpo, botoes(convocacao_id)), PRAZO, **valores)


def com_contato(corpo: str, turma: TurmaDaConvocacao | None) -> str:
    """Acrescenta o telefone da instituição, quando há, ao que manda falar com ela."""
    if turma is None or not turma.osc_telefone.strip():
        return corpo
    return f"{corpo}\n{texto('convocacao.contato', telefone=turma.osc_telefone.strip())}"


def expirou(turma: TurmaDaConvocacao) -> Saida:
    return para_pessoa(Saida(com_contato(texto("convocacao.expirou", curso=turma.curso), turma)))


def matricula_cancelada(turma: TurmaDaConvocacao) -> Saida:
    corpo = com_contato(texto("convocacao.cancelada_pela_osc", curso=turma.curso), turma)
    return para_pessoa(Saida(corpo))


def confirmada(turma: TurmaDaConvocacao, encontro: tuple[datetime, bool]) -> str:
    linhas = [
        texto("convocacao.confirmada", curso=turma.curso),
        *detalhes(turma, encontro),
        texto("convocacao.ate_la"),
    ]
    return "\n".join(linhas)


# a resposta a cada decisão que não é "confirmar" (a confirmação leva data e local)
_RESPOSTAS = {
    Decisao.RECUSAR: "convocacao.recusada",
    Decisao.LOTADA: "convocacao.lotada",
    Decisao.SEM_DATA: "convocacao.sem_data",
    Decisao.PRAZO_ACABOU: "convocacao.prazo_acabou",
    Decisao.JA_RECUSADA: "convocacao.ja_recusada",
    Decisao.MATRICULA_CANCELADA: "convocacao.matricula_cancelada",
    Decisao.ENCERRADA: "convocacao.encerrada",
}
_COM_CONTATO = frozenset(
    {
        Decisao.SEM_DATA,
        Decisao.PRAZO_ACABOU,
        Decisao.JA_RECUSADA,
        Decisao.MATRICULA_CANCELADA,
        Decisao.ENCERRADA,
        Decisao.LOTADA,
    }
)


def resposta(decisao: Decisao, quer: bool, turma: TurmaDaConvocacao) -> str:
    """O que a pessoa lê depois de tocar num botão (menos a confirmação feita agora)."""
    if decisao is Decisao.JA_CONFIRMADA:
        chave = "convocacao.ja_confirmada" if quer else "convocacao.ja_confirmada_nao"
        corpo = texto(chave, curso=turma.curso)
        return corpo if quer else com_contato(corpo, turma)
    corpo = texto(_RESPOSTAS[decisao])
    return com_contato(corpo, turma) if decisao in _COM_CONTATO else corpo


def aviso_lista_acabou(turma: TurmaDaConvocacao, faltam: int) -> Saida:
    """Para a equipe da OSC: a lista do CRAS acabou e ainda há vagas sem ninguém."""
    return Saida(
        texto(
            "equipe.convocacao.aviso_lista_acabou",
            codigo=turma.codigo,
            curso=turma.curso,
            vagas=quantos(faltam, "vaga"),
        )
    )


def aviso_outro_turno(turma: TurmaDaConvocacao, faltam: int, esperam: int) -> Saida:
    """Para a equipe da OSC (R10): quem escolheu o turno da turma acabou; os outros da
    lista esperam a turma do turno que escolheram, que ainda tem vagas."""
    return Saida(
        texto(
            "equipe.convocacao.turno.aviso_esperam",
            codigo=turma.codigo,
            curso=turma.curso,
            vagas=quantos(faltam, "vaga"),
            pessoas=quantos(esperam, "pessoa"),
        )
    )
