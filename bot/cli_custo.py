"""O relatório de custo de `inclusao saida`: por mês (de Bauru) e canal, os modelos
enviados por categoria (a Meta cobra por modelo entregue, pela categoria) e as mensagens
livres, que saíram dentro da janela de 24 h (sem cobrança), para a Secretaria ver o custo.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from armazenamento.custo_envios import EnviadasNoMes
from bot.config_modelos import ConfigFila
from mensagens.catalogo import texto
from mensagens.formatos import quantos


def linhas_de_custo(enviadas: list[EnviadasNoMes], config: ConfigFila) -> list[str]:
    """Uma linha por mês e canal, na ordem dos meses."""
    if not enviadas:
        return [texto("whatsapp_fila.custo.titulo"), texto("whatsapp_fila.custo.nenhum")]
    grupos: dict[tuple[str, str], list[EnviadasNoMes]] = defaultdict(list)
    for linha in enviadas:
        grupos[(linha.mes, linha.canal)].append(linha)
    saida = [texto("whatsapp_fila.custo.titulo")]
    for (mes, canal), do_grupo in sorted(grupos.items()):
        livres = sum(g.enviadas for g in do_grupo if not g.modelo)
        modelos = [g for g in do_grupo if g.modelo]
        if not modelos:
            saida.append(
                texto(
                    "whatsapp_fila.custo.linha_livre",
                    mes=mes,
                    canal=canal,
                    livres=quantos(livres, "mensagem_livre"),
                )
            )
            continue
        por_categoria: Counter[str] = Counter()
        for g in modelos:
            por_categoria[config.categoria(g.modelo)] += g.enviadas
        categorias = ", ".join(
            texto("whatsapp_fila.custo.categoria", categoria=c, n=n)
            for c, n in sorted(por_categoria.items())
        )
        saida.append(
            texto(
                "whatsapp_fila.custo.linha",
                mes=mes,
                canal=canal,
                modelos=quantos(sum(por_categoria.values()), "modelo_enviado"),
                categorias=categorias,
                entregues=quantos(sum(g.entregues for g in modelos), "entregue"),
                livres=quantos(livres, "mensagem_livre"),
            )
        )
    return saida
