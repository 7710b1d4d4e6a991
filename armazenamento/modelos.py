"""Tabelas do sistema (SQLModel). Unicidade garantida pelo banco, nunca por checagem prévia.

Dados pessoais só em `PreInscricao`; as demais tabelas são do cadastro do programa.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC, agora


def _quando(nullable: bool) -> sa.Column[datetime]:
    return sa.Column(DataHoraUTC(), nullable=nullable)


class Cras(SQLModel, table=True):
    """Centro de Referência de Assistência Social: cada um tem um território (bairros)."""

    id: int | None = Field(default=None, primary_key=True)
    nome: str = Field(unique=True, max_length=120)
    endereco: str = Field(default="", max_length=200)
    telefone: str = Field(default="", max_length=40)


class Bairro(SQLModel, table=True):
    """Bairro de Bauru e o CRAS do seu território. `chave` é o nome sem acento, minúsculo."""

    id: int | None = Field(default=None, primary_key=True)
    nome: str = Field(max_length=120)
    chave: str = Field(unique=True, index=True, max_length=120)
    cras_id: int = Field(foreign_key="cras.id", index=True)


class Osc(SQLModel, table=True):
    """Organização da Sociedade Civil parceira: a instituição que dá os cursos."""

    id: int | None = Field(default=None, primary_key=True)
    nome: str = Field(unique=True, max_length=160)
    endereco: str = Field(default="", max_length=200)
    telefone: str = Field(default="", max_length=40)


class Curso(SQLModel, table=True):
    """Um curso de qualificação (1ª fase, módulo de aprendizagem)."""

    id: int | None = Field(default=None, primary_key=True)
    nome: str = Field(unique=True, max_length=120)
    osc_id: int = Field(foreign_key="osc.id", index=True)
    descricao: str = Field(default="", max_length=500)
    o_que_levar: str = Field(default="", max_length=300)


class Ciclo(SQLModel, table=True):
    """O ano do programa, com o período de pré-inscrição (R3) e da 1ª fase."""

    id: int | None = Field(default=None, primary_key=True)
    ano: int = Field(unique=True)
    preinscricao_inicio: date
    preinscricao_fim: date
    fase1_inicio: date | None = None
    fase1_fim: date | None = None


class Turma(SQLModel, table=True):
    """Uma turma de um curso num ciclo, com turno (R10), capacidade (R7) e local."""

    id: int | None = Field(default=None, primary_key=True)
    codigo: str = Field(unique=True, max_length=40)
    ciclo_id: int = Field(foreign_key="ciclo.id", index=True)
    curso_id: int = Field(foreign_key="curso.id", index=True)
    turno: str = Field(max_length=10)  # manha | tarde | noite
    capacidade: int = 15
    local: str = Field(default="", max_length=200)


class Encontro(SQLModel, table=True):
    """Um encontro de uma turma, com as horas de cada módulo (R7–R9)."""

    __table_args__ = (sa.UniqueConstraint("turma_id", "inicio"),)

    id: int | None = Field(default=None, primary_key=True)
    turma_id: int = Field(foreign_key="turma.id", index=True)
    inicio: datetime = Field(sa_column=_quando(nullable=False))
    horas_aprendizagem: float = 4.0
    horas_desenvolvimento_pessoal: float = 0.0
    horas_desenvolvimento_gerencial: float = 0.0
    cancelado: bool = False


class PreInscricao(SQLModel, table=True):
    """Pré-inscrição de uma pessoa num ciclo (R1–R3). Um CPF só uma vez por ciclo.

    O protocolo que a pessoa guarda ("2027-000123") é o ano do ciclo e o `id`.

    `prioridades` guarda só os códigos R2 ("I,IV,XI"), nunca relato livre.
    `canal`/`chat_id`: a conversa da pessoa (vazia na pré-inscrição assistida).
    """

    __table_args__ = (sa.UniqueConstraint("ciclo_id", "cpf", name="uq_preinscricao_ciclo_cpf"),)

    id: int | None = Field(default=None, primary_key=True)
    ciclo_id: int = Field(foreign_key="ciclo.id", index=True)
    nome: str = Field(max_length=120)
    nome_social: str = Field(default="", max_length=120)
    nascimento: date
    cpf: str | None = Field(default=None, max_length=11)
    telefone: str = Field(default="", max_length=20)
    bairro_id: int | None = Field(default=None, foreign_key="bairro.id")
    cras_id: int = Field(foreign_key="cras.id", index=True)
    prioridades: str = Field(default="", max_length=60)
    curso1_id: int = Field(foreign_key="curso.id")
    curso2_id: int | None = Field(default=None, foreign_key="curso.id")
    turno: str = Field(max_length=10)
    escolaridade: str = Field(max_length=40)
    aviso_versao: str = Field(max_length=20)
    canal: str = Field(default="", max_length=20)
    chat_id: str = Field(default="", max_length=80, index=True)
    situacao: str = Field(default="recebida", max_length=20)
    criada_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    # R3: quem da equipe fez a pré-inscrição assistida (None: a própria pessoa, no chat)
    registrada_por: int | None = Field(default=None, foreign_key="equipe.id")
    # a trava do vínculo começou (5 datas erradas): a equipe é avisada uma vez por trava
    vinculo_travado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    # de onde a pessoa veio: a etiqueta configurada do /start (INCLUSAO_ORIGENS) do cartaz,
    # do QR code ou da rádio; vazia quando veio sem etiqueta
    origem: str = Field(default="", max_length=64)


class Conversa(SQLModel, table=True):
    """Onde cada conversa parou: fluxo, passo e respostas já dadas (JSON).

    `versao` cresce a cada pergunta feita: um botão de mensagem antiga traz outra versão
    e é reconhecido como antigo.
    """

    canal: str = Field(primary_key=True, max_length=20)
    chat_id: str = Field(primary_key=True, max_length=80)
    fluxo: str = Field(default="", max_length=40)
    passo: str = Field(default="", max_length=40)
    dados: str = Field(default="{}")
    versao: int = 0
    atualizada_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    # a última mensagem recebida (id do canal) e o que se respondeu a ela (JSON): a mesma
    # mensagem reenviada ("Tentar de novo") recebe a mesma resposta, sem rodar de novo
    ultima_entrada: str = Field(default="", max_length=80)
    ultima_resposta: str = Field(default="")


class Segredo(SQLModel, table=True):
    """Segredo do servidor gerado uma vez e o mesmo em todos os processos (ex.: a chave que
    assina as sessões do chat web quando o ambiente não traz uma)."""

    nome: str = Field(primary_key=True, max_length=40)
    valor: str = Field(max_length=200)
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))


class PedidoAviso(SQLModel, table=True):
    """Pedido de "me avise quando abrir" as pré-inscrições do ano `ano` (R3).

    Guarda o ano, não o ciclo: o ciclo do ano que vem pode ainda não estar cadastrado.
    """

    __table_args__ = (sa.UniqueConstraint("canal", "chat_id", "ano"),)

    id: int | None = Field(default=None, primary_key=True)
    canal: str = Field(max_length=20)
    chat_id: str = Field(max_length=80)
    ano: int = Field(index=True)
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    enviado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class Envio(SQLModel, table=True):
    """Mensagem a enviar que não é resposta imediata (outbox): convocação, lembrete, aviso.

    Gravada na mesma transação da mudança que a causou; `chave` impede duplicar (ex.:
    "lembrete:encontro:12:matricula:40"). Estados: pendente → enviando (arrendada por um
    despachante até `arrendada_ate`) → enviada | falhou | incerta (a requisição saiu e a
    resposta não veio: não se reenvia às cegas).
    """

    __table_args__ = (
        sa.Index("ix_envio_fila", "canal", "estado", "proxima_em"),
        sa.Index("ix_envio_provedor", "canal", "id_provedor"),  # situações de entrega
    )

    id: int | None = Field(default=None, primary_key=True)
    canal: str = Field(max_length=20)
    chat_id: str = Field(max_length=80)
    conteudo: str  # JSON da Saida (texto e botões)
    chave: str = Field(unique=True, max_length=160)
    estado: str = Field(default="pendente", max_length=12)
    tentativas: int = 0
    proxima_em: datetime = Field(sa_column=_quando(nullable=False))
    arrendada_ate: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    arrendada_por: str = Field(default="", max_length=80)
    id_provedor: str = Field(default="", max_length=80)
    ultimo_erro: str = Field(default="", max_length=300)
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    enviado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    # Canal com modelo aprovado (WhatsApp): o modelo com que a linha saiu ("" = mensagem
    # livre, dentro da janela de 24 h). Conta o custo e o limite diário de pessoas.
    modelo: str = Field(default="", max_length=40)
    # Situação de entrega que o canal informa depois: sent → delivered → read, ou failed
    # (nunca volta para trás); `entrega_erro` traz o código do provedor, nunca o texto.
    entrega: str = Field(default="", max_length=12)
    entrega_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    entrega_erro: str = Field(default="", max_length=200)


class Recebida(SQLModel, table=True):
    """Update recebido por webhook (inbox): gravado antes do 200, um só por id externo."""

    __table_args__ = (sa.UniqueConstraint("canal", "id_externo"),)

    id: int | None = Field(default=None, primary_key=True)
    canal: str = Field(max_length=20)
    id_externo: str = Field(max_length=80)
    corpo: str
    recebida_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    processada_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class Inalcancavel(SQLModel, table=True):
    """Quem bloqueou o bot ou saiu do canal (403): não recebe mais envios até voltar."""

    canal: str = Field(primary_key=True, max_length=20)
    chat_id: str = Field(primary_key=True, max_length=80)
    desde: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    motivo: str = Field(default="", max_length=200)


class Matricula(SQLModel, table=True):
    """Matrícula de uma pré-inscrição numa turma (R5), feita pela OSC.

    `situacao`: ativa | cancelada | desistente (R17, R19) | concluida (R18). Só as
    ativas recebem lembrete de aula.
    """

    __table_args__ = (
        sa.UniqueConstraint("turma_id", "preinscricao_id"),
        # lembretes: as ativas de uma turma, em ordem de id, em lotes (sem ordenar tudo)
        sa.Index("ix_matricula_turma_ativas", "turma_id", "situacao", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    turma_id: int = Field(foreign_key="turma.id")
    preinscricao_id: int = Field(foreign_key="preinscricao.id", index=True)
    situacao: str = Field(default="ativa", max_length=12)
    criada_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    # quando a OSC cancelou e por quê, como código (`fluxos.convocacao.motivos`), nunca
    # relato livre; uma matrícula reativada e cancelada de novo guarda o último
    cancelada_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    motivo_cancelamento: str = Field(default="", max_length=20)


class Presenca(SQLModel, table=True):
    """Uma marca de presença por (encontro, matrícula): base da frequência (R7, R16).

    `situacao`: presente | falta | falta_justificada. `origem`: lembrete (a pessoa avisou
    antes pelo "Não vou poder") | chamada (o instrutor marcou na aula).
    """

    __table_args__ = (sa.UniqueConstraint("encontro_id", "matricula_id"),)

    id: int | None = Field(default=None, primary_key=True)
    encontro_id: int = Field(foreign_key="encontro.id")  # a unicidade acima já indexa
    matricula_id: int = Field(foreign_key="matricula.id", index=True)
    situacao: str = Field(max_length=20)
    origem: str = Field(max_length=12)
    registrada_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))


# Os lembretes da véspera procuram os encontros de um dia (por `inicio`, sem turma):
# a unicidade (turma_id, inicio) de Encontro não serve a essa busca.
sa.Index("ix_encontro_inicio", Encontro.__table__.c.inicio)  # type: ignore[attr-defined]


class MembroEquipe(SQLModel, table=True):
    """Um papel da equipe ligado a uma conversa (ARQUITETURA.md §7, R24).

    Ligado ao id do usuário no canal (no Telegram, o id numérico, nunca o @username, que
    pode mudar de dono); `chat_id` é para onde vão os avisos. Uma pessoa pode ter vários
    vínculos (ex.: instrutora de duas turmas). Revogado, deixa de valer na mensagem
    seguinte: o acesso é lido do banco a cada mensagem.

    `papel`: instrutor | osc | cras | acessuas | gestao; o escopo é `turma_id` (instrutor),
    `osc_id` (osc) ou `cras_id` (cras). `rotulo` é como a gestão reconhece o vínculo na
    lista (ex.: "Ana, Costura manhã"); nunca vai para o registro.
    """

    __tablename__ = "equipe"
    __table_args__ = (sa.Index("ix_equipe_usuario", "canal", "usuario_id"),)

    id: int | None = Field(default=None, primary_key=True)
    papel: str = Field(max_length=12)
    osc_id: int | None = Field(default=None, foreign_key="osc.id")
    cras_id: int | None = Field(default=None, foreign_key="cras.id")
    turma_id: int | None = Field(default=None, foreign_key="turma.id")
    rotulo: str = Field(default="", max_length=80)
    canal: str = Field(max_length=20)
    usuario_id: str = Field(max_length=80)
    chat_id: str = Field(max_length=80)
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    revogado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class Convite(SQLModel, table=True):
    """Convite de uso único para um papel da equipe: só os hashes do link e do código.

    Resgatar é um único `UPDATE … WHERE usado_em IS NULL AND expira_em > agora`: dois
    resgates ao mesmo tempo, só um vence.
    """

    id: int | None = Field(default=None, primary_key=True)
    hash_token: str = Field(unique=True, max_length=64)
    hash_codigo: str = Field(unique=True, max_length=64)
    papel: str = Field(max_length=12)
    osc_id: int | None = Field(default=None, foreign_key="osc.id")
    cras_id: int | None = Field(default=None, foreign_key="cras.id")
    turma_id: int | None = Field(default=None, foreign_key="turma.id")
    rotulo: str = Field(default="", max_length=80)
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    expira_em: datetime = Field(sa_column=_quando(nullable=False))
    usado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    membro_id: int | None = Field(default=None, foreign_key="equipe.id")


class TentativaConvite(SQLModel, table=True):
    """Tentativa que falhou de algo que se pode adivinhar: resgatar um convite
    (`tipo` "convite") ou um código de vínculo ("vinculo"). Limita quem tenta adivinhar;
    as datas de nascimento erradas contam por registro (`TentativaRegistro`)."""

    __tablename__ = "tentativa"
    __table_args__ = (sa.Index("ix_tentativa_usuario", "tipo", "canal", "usuario_id", "em"),)

    id: int | None = Field(default=None, primary_key=True)
    tipo: str = Field(default="convite", max_length=12)
    canal: str = Field(max_length=20)
    usuario_id: str = Field(max_length=80)
    em: datetime = Field(sa_column=_quando(nullable=False))


class Auditoria(SQLModel, table=True):
    """Leitura de dados pessoais pela equipe (ARQUITETURA.md §8): quem, o quê, quando.

    `acao` é um código (ex.: "priorizacao.lista"); `alvo` o id do que foi lido (turma,
    CRAS, pré-inscrição). Nenhum dado pessoal aqui.
    """

    id: int | None = Field(default=None, primary_key=True)
    membro_id: int = Field(foreign_key="equipe.id", index=True)
    acao: str = Field(max_length=40)
    alvo: str = Field(default="", max_length=40)
    em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))


class Priorizacao(SQLModel, table=True):
    """A lista de um CRAS num ciclo (R4): aberta enquanto o técnico prioriza; `enviada`
    quando ele aprova e as OSCs recebem a sua parte (uma vez só por ciclo e CRAS)."""

    __table_args__ = (sa.UniqueConstraint("ciclo_id", "cras_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ciclo_id: int = Field(foreign_key="ciclo.id")
    cras_id: int = Field(foreign_key="cras.id")
    situacao: str = Field(default="aberta", max_length=10)  # aberta | enviada
    aprovada_por: int | None = Field(default=None, foreign_key="equipe.id")
    enviada_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class Afastamento(SQLModel, table=True):
    """Pessoa posta de lado na priorização (R4), com o motivo como código (nunca relato
    livre, ver ARQUITETURA.md §8). Desfazer apaga a linha."""

    id: int | None = Field(default=None, primary_key=True)
    preinscricao_id: int = Field(foreign_key="preinscricao.id", unique=True)
    motivo: str = Field(max_length=20)
    membro_id: int = Field(foreign_key="equipe.id")
    em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))


class Encaminhamento(SQLModel, table=True):
    """Uma pessoa da lista aprovada pelo CRAS, encaminhada à OSC de um curso (R4).

    `posicao` é a ordem da lista do CRAS (1 = mais prioritária); a OSC convoca nessa ordem
    (R5). A OSC só enxerga as pessoas encaminhadas a ela.
    """

    __table_args__ = (
        sa.UniqueConstraint("preinscricao_id", "curso_id"),
        sa.Index("ix_encaminhamento_osc", "osc_id", "curso_id", "posicao"),
    )

    id: int | None = Field(default=None, primary_key=True)
    priorizacao_id: int = Field(foreign_key="priorizacao.id")
    preinscricao_id: int = Field(foreign_key="preinscricao.id")
    osc_id: int = Field(foreign_key="osc.id")
    curso_id: int = Field(foreign_key="curso.id")
    posicao: int
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))


class Convocacao(SQLModel, table=True):
    """Convocação de uma pessoa para uma turma (R5), com prazo para responder.

    `situacao`: pendente | confirmada | recusada | expirada | cancelada. Confirmar cria a
    matrícula se a turma ainda tem vaga (a linha da turma é travada na confirmação: duas
    confirmações ao mesmo tempo não passam da capacidade). Recusa ou prazo vencido passam
    a vaga para a próxima pessoa da lista.
    """

    __table_args__ = (
        sa.UniqueConstraint("turma_id", "preinscricao_id"),
        sa.Index("ix_convocacao_prazo", "situacao", "prazo"),
    )

    id: int | None = Field(default=None, primary_key=True)
    turma_id: int = Field(foreign_key="turma.id")
    preinscricao_id: int = Field(foreign_key="preinscricao.id", index=True)
    situacao: str = Field(default="pendente", max_length=12)
    prazo: datetime = Field(sa_column=_quando(nullable=False))
    lembrada: bool = False
    membro_id: int | None = Field(default=None, foreign_key="equipe.id")
    criada_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    respondida_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class VinculoCanal(SQLModel, table=True):
    """Link de uso único que liga uma conversa de outro canal (`canal`: telegram, depois
    whatsapp) a uma pré-inscrição feita num canal que não entrega mensagens depois (o chat
    do site). As mesmas regras dos convites: só o SHA-256 do token, validade, e o resgate é
    um único `UPDATE … WHERE usado_em IS NULL AND expira_em > agora`.

    `origem_canal`/`origem_chat_id`: a conversa que pediu o link (o chat do site), que
    continua vendo a pré-inscrição depois que os avisos passam a ir para o outro canal."""

    __tablename__ = "vinculo_canal"
    __table_args__ = (sa.Index("ix_vinculo_canal_origem", "origem_canal", "origem_chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    preinscricao_id: int = Field(foreign_key="preinscricao.id", index=True)
    canal: str = Field(max_length=20)
    origem_canal: str = Field(max_length=20)
    origem_chat_id: str = Field(max_length=80)
    hash_token: str = Field(unique=True, max_length=64)
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    expira_em: datetime = Field(sa_column=_quando(nullable=False))
    usado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


# as tabelas de outros assuntos moram em módulos próprios (este já é grande): o vínculo por
# código, a chamada, os alertas de evasão (R17), os pedidos de ajuda (R20), a lista do
# Acessuas (R19), as suspensões (R21), a identidade no WhatsApp
from armazenamento import (  # noqa: E402, F401
    modelos_acessuas,
    modelos_ajuda,
    modelos_alertas,
    modelos_chamada,
    modelos_identidade,
    modelos_janela,
    modelos_suspensao,
    modelos_vinculo,
)
