"""O dado de um botão: um codec tipado só, para todos os canais (issue 11).

Aqui, em `mensagens/`, e não em `fluxos/`: é vocabulário comum, como `Botao`. Os fluxos o
montam, o motor e os canais (`bot/`) o leem, e `mensagens` não depende de ninguém.

Dois tipos de botão, com o formato do fio de sempre (botões já enviados continuam valendo:
o Telegram guarda o `callback_data` antigo e a fila guarda o `conteudo` em JSON):

- `DoFluxo(versao, valor)` → `"{versao}.{valor}"`: uma opção da pergunta de agora; a versão
  diz se o botão é da última pergunta (um botão velho ouve uma mensagem gentil);
- `DaFila(comando, argumentos)` → `"cmd:{comando} {arg1} {arg2}"`: um botão de mensagem da
  fila ou de tela da equipe, que vale a qualquer hora (a convocação, o lembrete, o menu).

O tamanho é conferido quando o botão é montado, contra o canal mais estrito: 64 bytes UTF-8
(`callback_data` do Telegram; o WhatsApp aceita 256 no id de botão e 200 no de linha de
lista). Passar disso é erro de quem programou: `ValueError` com o dado (só ids e nomes de
comando, nunca dado pessoal). `decodificar` nunca falha: forjado ou malformado é `None`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LIMITE_BYTES = 64  # o mais estrito dos canais: callback_data do Telegram
MAIOR_VERSAO = 9_999_999  # "9999999." são 8 bytes: o que sobra é do valor
LIMITE_VALOR = LIMITE_BYTES - len(f"{MAIOR_VERSAO}.")  # uma opção cabe com qualquer versão
PREFIXO_FILA = "cmd:"
_NOME = re.compile(r"[a-z][a-z0-9_]*")


def _bytes(texto: str) -> int:
    return len(texto.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class DaFila:
    """Um comando com argumentos (ids, páginas, motivos), sem a versão da conversa.
    Os argumentos voltam sempre como texto (`("12",)`): o comando confere cada um
    (`fluxos.regras.ids`), porque um botão forjado pode trazer qualquer coisa."""

    comando: str
    argumentos: tuple[str | int, ...] = ()

    def __post_init__(self) -> None:
        if not _NOME.fullmatch(self.comando):
            raise ValueError(f"nome de comando invalido num botao: {self.comando!r}")
        partes = tuple(str(a) for a in self.argumentos)
        if any(not p or any(c.isspace() for c in p) for p in partes):
            raise ValueError(f"argumento vazio ou com espaco no botao {self.comando}: {partes}")
        object.__setattr__(self, "argumentos", partes)
        _conferir(_fila(self.comando, partes), LIMITE_BYTES)

    @property
    def argumento(self) -> str:
        """Os argumentos como o comando os recebe ("12 3")."""
        return " ".join(str(a) for a in self.argumentos)


@dataclass(frozen=True, slots=True)
class DoFluxo:
    """Uma opção da pergunta de número `versao`; `valor` é o da `Opcao` (que numa tela da
    equipe é um `DaFila` já codificado: "3.cmd:turma 12")."""

    versao: int
    valor: str

    def __post_init__(self) -> None:
        if not 0 <= self.versao <= MAIOR_VERSAO:
            raise ValueError(f"versao fora do intervalo num botao: {self.versao}")
        _conferir(f"{self.versao}.{self.valor}", LIMITE_BYTES)


Dado = DoFluxo | DaFila


def _fila(comando: str, argumentos: tuple[str, ...]) -> str:
    return " ".join((PREFIXO_FILA + comando, *argumentos))


def _conferir(fio: str, limite: int) -> None:
    if not fio or _bytes(fio) > limite:
        raise ValueError(f"dado de botao com {_bytes(fio)} bytes (limite {limite}): {fio!r}")


def conferir_valor(valor: str) -> None:
    """O valor de uma opção cabe num botão com qualquer versão (`LIMITE_VALOR`)."""
    if _bytes(valor) > LIMITE_VALOR:
        raise ValueError(
            f"valor de opcao com {_bytes(valor)} bytes (limite {LIMITE_VALOR}): {valor!r}"
        )


def codificar(dado: Dado) -> str:
    """O texto que viaja no botão (ver o começo do módulo)."""
    if isinstance(dado, DaFila):
        return _fila(dado.comando, tuple(str(a) for a in dado.argumentos))
    return f"{dado.versao}.{dado.valor}"


def da_fila(comando: str, *argumentos: str | int) -> str:
    """`da_fila("turma", 12)` → "cmd:turma 12", conferido agora."""
    return codificar(DaFila(comando, argumentos))


def decodificar(fio: str) -> Dado | None:
    """O dado de um botão recebido, ou `None` se forjado ou malformado. Espaços a mais
    entre os argumentos não contam (um botão antigo nunca os teve)."""
    if not fio or _bytes(fio) > LIMITE_BYTES:
        return None
    if fio.startswith(PREFIXO_FILA):
        return comando_de(fio)
    versao, ponto, valor = fio.partition(".")
    if not ponto or not versao.isascii() or not versao.isdigit():
        return None
    try:
        return DoFluxo(int(versao), valor)
    except ValueError:
        return None


def comando_de(valor: str) -> DaFila | None:
    """O comando que uma opção ou botão leva ("cmd:turmas 2"), ou `None` se não leva."""
    if not valor.startswith(PREFIXO_FILA) or _bytes(valor) > LIMITE_BYTES:
        return None
    nome, _, resto = valor.removeprefix(PREFIXO_FILA).partition(" ")
    try:
        return DaFila(nome, tuple(resto.split()))
    except ValueError:
        return None


def eh_da_fila(fio: str) -> bool:
    """O botão é de uma mensagem da fila ou tela (vale a qualquer hora, sem versão)?"""
    return isinstance(decodificar(fio), DaFila)
