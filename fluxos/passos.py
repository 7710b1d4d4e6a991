"""Peças de um fluxo: a pergunta de um passo, a resposta recebida e o que fazer depois.

Um passo é um par de funções: `perguntar(ctx) -> Pergunta` e
`receber(ctx, resposta) -> Resultado`. O motor cuida do resto (botões antigos, mídia,
ajuda, voltar, cancelar, gravar o estado).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from fluxos.ajustes import Ajustes
from mensagens.botoes import conferir_valor
from mensagens.tipos import Entrada, Saida


@dataclass(frozen=True, slots=True)
class Opcao:
    """Uma escolha oferecida: o valor (estável) e o rótulo (curto, do catálogo).

    `papel`: `SIM` ou `NAO` (de `fluxos.regras.escolha`) quando a opção é o "sim" ou o
    "não" da pergunta; aí quem digita "ok", "pode", "nao" escolhe esta opção.
    `apelidos`: outros jeitos de dizer a opção, que digitados também a escolhem ("segundo
    grau completo" por "Médio completo"); nunca aparecem para a pessoa."""

    valor: str
    rotulo: str
    papel: str = ""
    apelidos: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        conferir_valor(self.valor)  # o botão é conferido ao ser montado, não ao ser enviado


@dataclass(slots=True)
class Pergunta:
    """O que um passo pergunta. `numerar`: digitar "2" escolhe a 2ª opção. `fechada`: a
    resposta é sempre uma das opções (aí um erro pequeno de digitação ainda escolhe);
    aberta, o passo também aceita texto livre e só o rótulo quase exato escolhe."""

    texto: str
    opcoes: list[Opcao] = field(default_factory=list)
    pedir_contato: bool = False
    numerar: bool = True
    fechada: bool = False


@dataclass(frozen=True, slots=True)
class Resposta:
    """A entrada já limpa. `opcao` é o valor escolhido (botão, número ou rótulo digitado)."""

    texto: str = ""
    opcao: str | None = None
    contato: str | None = None
    contato_proprio: bool = False


@dataclass(frozen=True, slots=True)
class Seguir:
    """Vai para `passo` (ou o próximo da ordem), dizendo antes `nota`, se houver."""

    passo: str | None = None
    nota: str = ""


@dataclass(frozen=True, slots=True)
class Repetir:
    """Fica no passo: diz o erro (que explica o que fazer) e mostra as opções de novo."""

    erro: str


@dataclass(frozen=True, slots=True)
class Dizer:
    """Diga isto e termine: o resultado de um passo que encerra o fluxo e a resposta de
    um comando que não começa fluxo (issue 11: um tipo só, tratado num lugar só do
    motor). O estado da conversa é apagado; as opções levam a comandos (`DaFila`).
    `comandos`: o menu "/" desta conversa muda para estes (ver `Saida.comandos`).
    `arquivos`: mensagens prontas (uma planilha anexada, uma convocação com os seus botões
    de fila), ditas depois dos textos.
    `numerar`: falso quando o texto já numera outra coisa (a lista do CRAS: "11." é a
    posição 11, não o 11º botão).
    `tela`: o texto que o `retomar` repete (vazio: o último texto, se não vier anexo), para
    que um "Não entendi" ou "A planilha vem a seguir" não se repitam sozinhos."""

    textos: tuple[str, ...]
    opcoes: tuple[Opcao, ...] = ()
    comandos: tuple[str, ...] | None = None
    arquivos: tuple[Saida, ...] = ()
    numerar: bool = True
    tela: str = ""


@dataclass(frozen=True, slots=True)
class Atualizar:
    """Fica no passo e mostra a pergunta de novo, refeita (a lista da chamada com a marca
    nova). Num toque de botão, a mensagem do botão é trocada no lugar (`Saida.substituir`)
    e os botões dela continuam valendo; digitado, vem uma mensagem nova."""

    nota: str = ""


Resultado = Seguir | Repetir | Dizer | Atualizar


def com_atalho(texto: str, *atalhos: Opcao) -> Pergunta:
    """Pergunta de um dado digitado (CPF, nome social, telefone, bairro) com botões-atalho
    ("Não tenho CPF"). Os atalhos não são numerados em canal nenhum: quem digita um CPF
    digita números, e "1" ou "-1" é um CPF errado (o erro do campo), nunca o atalho. Só o
    botão ou as palavras dele ("não tenho CPF", "não") o escolhem (issue 9, §3)."""
    return Pergunta(texto, list(atalhos), numerar=False, fechada=False)


@dataclass
class Contexto:
    """Tudo que um passo pode usar: a conexão (com a transação desta mensagem), as
    respostas já dadas e o relógio. `assistida`: o passo roda numa pré-inscrição feita
    pela equipe por alguém (R3); o motor o põe a partir de `Fluxo.assistida` antes de
    cada passo, e os passos o leem daqui (os textos falam com a equipe sobre a pessoa)."""

    conexao: AsyncConnection
    entrada: Entrada
    agora: datetime
    hoje: date
    dados: dict[str, Any]
    acesso: Acesso = field(default_factory=Acesso)  # papéis de quem escreve (lido agora)
    ajustes: Ajustes = field(default_factory=Ajustes)
    assistida: bool = False

    @property
    def canal(self) -> str:
        return self.entrada.canal

    @property
    def chat_id(self) -> str:
        return self.entrada.chat_id


Perguntador = Callable[[Contexto], Awaitable[Pergunta]]
Recebedor = Callable[[Contexto, Resposta], Awaitable[Resultado]]


@dataclass(frozen=True, slots=True)
class Passo:
    """`ramo`: passo que só se alcança por um desvio (ex.: sugestões de bairro).
    `campos`: as respostas que o passo guarda; uma conversa de outra versão do fluxo
    guarda só essas e retoma no primeiro passo sem elas (`fluxos.versoes`).
    `aceita`: valores de botão da versão atual que o passo recebe mesmo fora das opções
    de agora (a chamada: o botão leva a marca pedida, e o toque duplo pede a mesma)."""

    nome: str
    perguntar: Perguntador
    receber: Recebedor
    ramo: bool = False
    campos: tuple[str, ...] = ()
    aceita: Callable[[str], bool] | None = None


@dataclass(frozen=True)
class Fluxo:
    """Uma conversa: passos em ordem. `passo_resumo`: para onde volta quem corrige um dado.
    `da_equipe`: quem perde o papel no meio (revogado) sai do fluxo na mensagem seguinte.
    `versao`: suba quando passos mudarem de nome, saírem ou mudarem o que perguntam; a
    conversa guardada na versão anterior recomeça com gentileza (`fluxos.versoes`).
    `antigos`: nomes que o fluxo já teve (renomeado, as conversas guardadas o acham).
    `recado`: o passo leva um recado escrito a alguém (R20): "sim", "ok" e "bom dia" são
    o recado (não desviam para a fila nem recomeçam), e um comando ou botão de fila sai do
    fluxo na hora em vez de esperar a resposta (nada escrito se perde). Da equipe, o nome
    de um comando do menu escrito sozinho ("turmas", "convocar") também sai e faz o
    comando, avisando que não foi para a pessoa (`fluxos.navegacao.COMANDO_NO_RECADO`).
    `assistida`: a equipe responde por outra pessoa (R3); o motor põe `Contexto.assistida`
    antes de cada passo deste fluxo."""

    nome: str
    passos: tuple[Passo, ...]
    passo_resumo: str = ""
    da_equipe: bool = False  # só vale enquanto quem escreve tem papel na equipe (R24)
    versao: int = 1
    antigos: tuple[str, ...] = ()
    recado: bool = False
    assistida: bool = False

    def passo(self, nome: str) -> Passo:
        for p in self.passos:
            if p.nome == nome:
                return p
        raise KeyError(nome)

    def proximo(self, nome: str) -> str | None:
        """O próximo passo da ordem, pulando os ramos."""
        nomes = [p.nome for p in self.passos]
        for p in self.passos[nomes.index(nome) + 1 :]:
            if not p.ramo:
                return p.nome
        return None


@dataclass(frozen=True, slots=True)
class Pendencia:
    """Os botões de uma mensagem da fila que a pessoa ainda pode responder (a convocação,
    o lembrete de aula) e quando ela foi feita: digitar "confirmo" vale como tocar."""

    opcoes: tuple[Opcao, ...]
    momento: datetime
