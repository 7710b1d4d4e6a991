"""Estado de uma conversa, guardado como JSON na tabela `conversa`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fluxos.passos import Opcao
from mensagens.botoes import MAIOR_VERSAO

# de onde a pessoa veio (a etiqueta do /start, `fluxos.origem`): não é resposta, e apagar
# as respostas não a apaga; vai para a pré-inscrição quando ela é gravada
ORIGEM = "_origem"


@dataclass
class Estado:
    """Onde a conversa está. `opcoes` são as escolhas da última pergunta feita; `tela`, o
    texto dela quando veio de um comando (fora de fluxo), para repeti-la igual ao retomar."""

    fluxo: str = ""
    passo: str = ""
    versao: int = 0
    respostas: dict[str, Any] = field(default_factory=dict)
    historico: list[str] = field(default_factory=list)
    opcoes: list[Opcao] = field(default_factory=list)
    numerar: bool = True
    fechada: bool = True
    confirmando: bool = False  # perguntou "quer mesmo apagar as respostas?"
    corrigindo: bool = False
    pediu_contato: bool = False
    tela: str = ""
    versao_fluxo: int = 1  # `Fluxo.versao` de quando foi guardado (sem "vf": versão 1)
    reparado: str = ""  # não se guarda: veio de outra versão; a chave da nota (`fluxos.versoes`)

    @property
    def em_fluxo(self) -> bool:
        return bool(self.fluxo and self.passo)

    @property
    def tem_respostas(self) -> bool:
        """Há respostas da pessoa no fluxo (as chaves com "_" são do próprio fluxo)."""
        return any(not k.startswith("_") for k in self.respostas)

    def nova_versao(self) -> None:
        """Uma pergunta nova: os botões das anteriores ficam velhos. A versão dá a volta
        antes de não caber no botão (`mensagens.botoes.MAIOR_VERSAO`)."""
        self.versao = 1 if self.versao >= MAIOR_VERSAO else self.versao + 1

    def limpar(self) -> None:
        """Apaga o fluxo e as respostas (a versão e a origem continuam)."""
        origem = {ORIGEM: self.respostas[ORIGEM]} if ORIGEM in self.respostas else {}
        self.fluxo, self.passo = "", ""
        self.respostas, self.historico, self.opcoes = origem, [], []
        self.numerar, self.corrigindo, self.pediu_contato = True, False, False
        self.tela = ""
        self.fechada, self.confirmando = True, False

    def para_json(self) -> str:
        return json.dumps(
            {
                "r": self.respostas,
                "h": self.historico,
                "o": [_opcao_para_json(o) for o in self.opcoes],
                "n": self.numerar,
                "f": self.fechada,
                "x": self.confirmando,
                "c": self.corrigindo,
                "k": self.pediu_contato,
                **({"t": self.tela} if self.tela else {}),  # a conversa comum não paga
                **({"vf": self.versao_fluxo} if self.em_fluxo else {}),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def de_json(cls, fluxo: str, passo: str, versao: int, texto: str) -> Estado:
        bruto = json.loads(texto or "{}")
        return cls(
            fluxo=fluxo,
            passo=passo,
            versao=versao,
            respostas=bruto.get("r", {}),
            historico=bruto.get("h", []),
            opcoes=[o for o in map(_opcao_de_json, bruto.get("o", [])) if o is not None],
            numerar=bruto.get("n", True),
            fechada=bruto.get("f", False),  # gravado antes: na dúvida, aberta (estrita)
            confirmando=bruto.get("x", False),
            corrigindo=bruto.get("c", False),
            pediu_contato=bruto.get("k", False),
            tela=bruto.get("t", ""),
            versao_fluxo=bruto.get("vf", 1),
        )


def _opcao_para_json(o: Opcao) -> list[Any]:
    """[valor, rótulo], mais o papel e os apelidos só quando há (a conversa comum não paga)."""
    if o.apelidos:
        return [o.valor, o.rotulo, o.papel, list(o.apelidos)]
    return [o.valor, o.rotulo, o.papel] if o.papel else [o.valor, o.rotulo]


def _opcao_de_json(o: list[Any]) -> Opcao | None:
    """Uma opção guardada que hoje não caberia num botão (`mensagens.botoes`) fica de fora:
    a pessoa ainda a escolhe digitando a pergunta de novo, e nada quebra."""
    papel = o[2] if len(o) > 2 else ""
    try:
        return Opcao(o[0], o[1], papel, tuple(o[3]) if len(o) > 3 else ())
    except ValueError:
        return None
