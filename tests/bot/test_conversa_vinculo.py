"""R3 nos dois canais de mensagem (motor real; Telegram com a Bot API falsa, WhatsApp com
o webhook e a Graph API falsa), com o programa configurado só com aquele canal: a técnica
recebe o código de vínculo e o QR code como IMAGEM (aparece na conversa, pronta para a
câmera; não um arquivo para abrir); o link do QR code (o /start vc-… do Telegram; no
WhatsApp, a conversa com "/start vc-…" pronto) liga a pessoa; CPF digitado no lugar do
código não liga nada."""

from __future__ import annotations

import re
from types import MappingProxyType

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc, PreInscricao
from fluxos.ajustes import Ajustes
from mensagens.catalogo import texto
from mensagens.qr import qr_png
from tests.bot.canais_de_conversa import MODELOS_DE_LINK, Palco
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.roteiro import ate_o_resumo

CPF_ANA = "390.533.447-05"
TECNICA, ANA, ESTRANHO = 7_200_001, 7_200_002, 7_200_003

Sessoes = async_sessionmaker[AsyncSession]
# o texto antes do QR code diz para qual aplicativo ele leva
QR_A_SEGUIR = {
    "telegram": texto("vinculo_codigo.equipe.qr_a_seguir"),
    "whatsapp": texto("vinculo_codigo.equipe.qr_a_seguir_whatsapp"),
}


@pytest.fixture
def ajustes_da_conversa(canal_da_conversa: str) -> Ajustes:
    modelo = MODELOS_DE_LINK[canal_da_conversa]
    return Ajustes(links_de_canal=MappingProxyType({canal_da_conversa: modelo}))


async def test_r3_codigo_e_qr_code(palco: Palco, sessoes: Sessoes) -> None:
    async with transacao(palco.banco) as conexao:
        osc = (await conexao.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()  # type: ignore[arg-type]
        convite = await criar_convite(conexao, Escopo("osc", osc_id=osc), AGORA)
    tecnica = palco.pessoa(TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    await tecnica.comando("/preinscrever")
    await ate_o_resumo(tecnica, cpf=CPF_ANA)  # type: ignore[arg-type]
    await tecnica.toca("Confirmar")
    codigos = [re.search(r"\b[2-9A-Z]{5}-[2-9A-Z]{5}\b", m.texto) for m in tecnica.recebidas]
    [codigo] = {c.group(0) for c in codigos if c is not None}
    link = palco.link_de_start("vc-" + codigo.replace("-", ""))
    assert any(QR_A_SEGUIR[palco.canal] in m.texto for m in tecnica.recebidas)
    # o QR code vai como imagem: aparece na conversa, pronto para a câmera (não um arquivo)
    [qr] = palco.arquivos(TECNICA)
    assert (qr.como, qr.nome, qr.tipo) == ("imagem", "codigo-2027-000001.png", "image/png")
    assert qr.dados == qr_png(link, "x").dados
    assert "2027-000001" in qr.legenda

    estranho = palco.pessoa(ESTRANHO)
    await estranho.comando("/vincular")
    await estranho.diz(CPF_ANA)
    assert estranho.ultima.texto.startswith(texto("vinculo_codigo.codigo.cpf_nao_precisa"))

    ana = palco.pessoa(ANA)
    await palco.abre_link(ana, link)  # a câmera lê o QR code
    assert ana.ultima.texto == texto("vinculo_codigo.nascimento.pergunta")
    await ana.diz("12/05/1990")
    assert any(m.texto == texto("vinculo.pronto") for m in ana.recebidas)
    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert (pre.canal, pre.chat_id) == (palco.canal, palco.chat_id(ANA))
