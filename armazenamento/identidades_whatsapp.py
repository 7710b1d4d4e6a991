"""Quem é quem no WhatsApp: número e BSUID -> o id canônico da pessoa, e o canônico -> para
onde mandar. Nada aqui faz commit: roda na transação de quem chama (a do webhook, que
guarda a mensagem; ou uma curta do remetente, fora da transação do motor).

Regras (só o remetente de cada mensagem conta — o `from`/`from_user_id` e o perfil dele;
nunca um cartão de contato que ele mandou, que pode ser de outra pessoa):

| a mensagem traz               | já se sabe                           | canônico                 |
|-------------------------------|--------------------------------------|--------------------------|
| número e/ou BSUID, nenhum     | —                                    | o número (senão o BSUID) |
|   dos dois conhecido          |                                      |                          |
| BSUID conhecido               | número novo: passa a ser dela        | o do BSUID               |
| número conhecido, BSUID novo  | a pessoa do número não tem outro     | o do número (liga o      |
|                               |   BSUID                              |   BSUID a ela)           |
| número e BSUID (conhecido ou  | a pessoa do número tem OUTRO BSUID   | o do BSUID (ou ele, se   |
|   não)                        |   (número reciclado pela operadora)  |   novo); o número passa  |
| número e BSUID de pessoas     | a do número não tem BSUID (cada um   | o do BSUID; o número     |
|   diferentes                  |   visto sozinho antes)               |   fica com a sua         |
| só um dos dois                | conhecido                            | o dele                   |

O BSUID é de uma pessoa só (a Meta gera um por pessoa e por empresa; um novo só quando ela
troca de número, e então avisa com a mensagem de sistema `user_changed_number`); o número
pode mudar de dono. Duas fichas nunca se fundem: quem foi visto só pelo número e depois só
pelo BSUID, sem mensagem com os dois no meio, fica com dois ids (a Meta manda os dois
juntos enquanto o número não está escondido, então é raro). Um apelido nunca é apagado:
um canônico antigo nunca volta a ser dado a outra pessoa.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos_identidade import IdentidadeWhatsApp

_I = IdentidadeWhatsApp.__table__  # type: ignore[attr-defined]
_INSERIR = {"sqlite": insert_sqlite, "postgresql": insert_pg}
NUMERO, BSUID = "numero", "bsuid"


def tipo_de(identificador: str) -> str:
    return NUMERO if identificador.isdigit() else BSUID


async def canonicos(conexao: AsyncConnection, identificadores: Iterable[str]) -> dict[str, str]:
    """identificador -> canônico, dos que já foram vistos."""
    ids = [i for i in identificadores if i]
    if not ids:
        return {}
    consulta = select(_I.c.identificador, _I.c.canonico).where(_I.c.identificador.in_(ids))
    return {linha[0]: linha[1] for linha in await conexao.execute(consulta)}


async def ligar(
    conexao: AsyncConnection, identificador: str, canonico: str, quando: datetime
) -> None:
    """`identificador` passa a ser de `canonico` (visto em `quando`; a data só avança)."""
    inserir: Any = _INSERIR[conexao.dialect.name](_I).values(
        identificador=identificador,
        canonico=canonico,
        tipo=tipo_de(identificador),
        visto_em=quando,
    )
    novo = inserir.excluded
    await conexao.execute(
        inserir.on_conflict_do_update(
            index_elements=["identificador"],
            set_={"canonico": novo.canonico, "visto_em": novo.visto_em},
            where=(_I.c.canonico != novo.canonico) | (_I.c.visto_em < novo.visto_em),
        )
    )


async def _bsuids_de(conexao: AsyncConnection, canonico: str) -> set[str]:
    consulta = select(_I.c.identificador).where(_I.c.canonico == canonico, _I.c.tipo == BSUID)
    return set((await conexao.execute(consulta)).scalars())


async def identificar(conexao: AsyncConnection, numero: str, bsuid: str, quando: datetime) -> str:
    """O canônico de quem escreveu com este `numero` e/ou `bsuid` (grava o que aprendeu)."""
    vistos = await canonicos(conexao, (numero, bsuid))
    dono = vistos.get(numero, "")
    # o dono do número tem outro BSUID: o número mudou de dono (cada pessoa tem um BSUID)
    mudou_de_dono = bool(bsuid and dono and (await _bsuids_de(conexao, dono)) - {bsuid})
    canonico = vistos.get(bsuid) or ("" if mudou_de_dono else dono)
    canonico = canonico or (bsuid if mudou_de_dono else numero or bsuid)
    if numero and (not dono or dono == canonico or mudou_de_dono):
        await ligar(conexao, numero, canonico, quando)  # sem evidência, nada se funde
    if bsuid:
        await ligar(conexao, bsuid, canonico, quando)
    return canonico


async def mudou(
    conexao: AsyncConnection,
    antigos: Iterable[str],
    novos: Iterable[str],
    quando: datetime,
) -> str:
    """Aviso do WhatsApp (`user_changed_number`, `user_changed_user_id`): os identificadores
    `novos` passam a ser da pessoa dos `antigos`. Devolve o canônico ("" se a pessoa nunca
    escreveu: a próxima mensagem dela a apresenta)."""
    antigos = [a for a in antigos if a]
    vistos = await canonicos(conexao, antigos)
    canonico = next((vistos[a] for a in antigos if a in vistos), "")
    if canonico:
        for identificador in novos:
            if identificador:
                await ligar(conexao, identificador, canonico, quando)
    return canonico


async def destino(conexao: AsyncConnection, canonico: str) -> str:
    """Para onde mandar a `canonico`: o número visto por último, senão o BSUID visto por
    último. Sem apelido nenhum, o próprio canônico (uma pessoa de antes desta tabela), a
    menos que ele já seja de outra pessoa (número que mudou de dono): "" (não mandar)."""
    consulta = (
        select(_I.c.identificador, _I.c.tipo)
        .where(_I.c.canonico == canonico)
        .order_by(_I.c.visto_em.desc(), _I.c.identificador)
    )
    linhas = list(await conexao.execute(consulta))
    for tipo in (NUMERO, BSUID):
        for identificador, tipo_linha in linhas:
            if tipo_linha == tipo:
                return str(identificador)
    dono = (await canonicos(conexao, [canonico])).get(canonico)
    return canonico if dono in (None, canonico) else ""
