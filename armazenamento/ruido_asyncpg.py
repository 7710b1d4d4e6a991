"""Uma queda do PostgreSQL vira uma linha de registro (`armazenamento.disponibilidade`), não
dezenas de rastros.

Quando a rede cai no meio do aperto de mão de uma conexão (o prazo de conexão venceu), o
asyncpg deixa um futuro com `ConnectionError('unexpected connection_lost() call')` que
ninguém lê; o asyncio o registra em ERROR, com rastro, a cada conexão cortada. A queda já
foi dita ("banco fora do ar") e a conexão já virou erro para quem esperava por ela: esse
futuro órfão não traz nada novo. O filtro tira só esse caso; qualquer outro erro passa.
"""

from __future__ import annotations

import logging

LOGGER_DO_ASYNCIO = "asyncio"
_ASSINATURA = "unexpected connection_lost() call"


class FuturoOrfaoDaConexao(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        erro = record.exc_info[1] if record.exc_info else None
        return not (isinstance(erro, ConnectionError) and _ASSINATURA in str(erro))


def calar_futuros_orfaos() -> None:
    """Instala o filtro no logger do asyncio (uma vez só)."""
    registro = logging.getLogger(LOGGER_DO_ASYNCIO)
    if not any(isinstance(f, FuturoOrfaoDaConexao) for f in registro.filters):
        registro.addFilter(FuturoOrfaoDaConexao())
