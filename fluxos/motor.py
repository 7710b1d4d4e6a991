"""O motor das conversas: recebe uma Entrada, devolve as Saidas. Nunca envia nada.

Cada mensagem é uma unidade de trabalho: carrega o estado da conversa, roda o passo,
grava o estado (e o que o passo gravou) e faz um commit só. Assim um reinício do
processo, um segundo processo ou alguém que volta dias depois continua de onde parou.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.conversas import carregar_conversa, salvar_conversa
from armazenamento.envios import voltou_a_escrever
from armazenamento.equipe import acesso_de
from armazenamento.tempo import FUSO, agora
from fluxos.acoes import Acao, BuscarPendencia, Comando, Iniciar, com_aviso, quem_escreve
from fluxos.ajustes import Ajustes
from fluxos.cancelamento import APAGAR, CONTINUAR, opcoes_de_cancelar
from fluxos.estado import Estado
from fluxos.forma_codigo import COMANDO as CODIGO_AVISOS
from fluxos.navegacao import chave_da_midia, comando_escrito, nao_entendi, opcao_exata
from fluxos.palavras_globais import PALAVRAS_GLOBAIS
from fluxos.passos import (
    Atualizar,
    Contexto,
    Dizer,
    Fluxo,
    Opcao,
    Pendencia,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
)
from fluxos.regras.escolha import casar_escolha, palavra_de_sim_ou_nao
from fluxos.regras.texto import LIMITE_RECADO, LIMITE_TEXTO, limpar, normalizar
from fluxos.repeticao import resposta_guardada, resposta_para_guardar
from fluxos.versoes import carregar_estado, com_nota, para_guardar, vale_sem_reparo
from mensagens.botoes import DaFila, DoFluxo, codificar, comando_de, da_fila, decodificar
from mensagens.catalogo import existe, no_canal, texto
from mensagens.formatos import quantos
from mensagens.tipos import Botao, Entrada, Saida, Tipo

log = logging.getLogger(__name__)


class Motor:
    """Liga fluxos e comandos ao estado guardado no banco."""

    def __init__(
        self,
        banco: AsyncEngine,
        fluxos: dict[str, Fluxo],
        comandos: dict[str, Comando],
        relogio: Callable[[], datetime] = agora,
        validade: timedelta = timedelta(days=30),
        palavras: dict[str, str] | None = None,
        ajustes: Ajustes | None = None,
        pendencias: BuscarPendencia | None = None,
        palavras_da_equipe: dict[str, str] | None = None,
        carga_do_start: Callable[[Contexto, str], str] = lambda _ctx, carga: carga,
    ) -> None:
        self.banco = banco
        self.fluxos = fluxos
        self.comandos = comandos
        self.relogio = relogio
        self.validade = validade
        self.palavras = PALAVRAS_GLOBAIS | (palavras or {})
        self.ajustes = ajustes or Ajustes()
        self.pendencias = pendencias  # botões da fila que a pessoa pode responder digitando
        self.palavras_da_equipe = palavras_da_equipe or {}  # "buscar": o comando do menu
        self.carga_do_start = carga_do_start  # a etiqueta de um cartaz é um /start simples

    async def processar(self, entrada: Entrada) -> list[Saida]:
        """Uma mensagem recebida → o que dizer. Conflito de unicidade: tenta de novo uma vez."""
        with no_canal(entrada.canal):  # os textos com variante do canal (o terminal)
            try:
                return await self._processar_uma_vez(entrada)
            except IntegrityError:
                log.info("conflito de gravacao; repetindo a mensagem uma vez")
                return await self._processar_uma_vez(entrada)

    async def _processar_uma_vez(self, entrada: Entrada) -> list[Saida]:
        async with transacao(self.banco) as conexao:
            momento = self.relogio()
            await voltou_a_escrever(conexao, entrada.canal, entrada.chat_id)  # recebe de novo
            linha = await carregar_conversa(conexao, entrada.canal, entrada.chat_id)
            repetida = resposta_guardada(entrada, linha)  # "Tentar de novo": nada muda
            if repetida is not None:
                return repetida
            # parada há muito, esquecida (LGPD); de outra versão do fluxo, acertada
            estado, nota = carregar_estado(linha, self.fluxos, momento, self.validade)
            ctx = Contexto(
                conexao=conexao,
                entrada=entrada,
                agora=momento,
                hoje=momento.astimezone(FUSO).date(),
                dados=estado.respostas,
                acesso=await acesso_de(conexao, entrada.canal, quem_escreve(entrada)),
                ajustes=self.ajustes,
            )
            desde = linha.atualizada_em if linha else None
            saidas = nota + await _Rodada(self, ctx, estado, desde).executar()
            await salvar_conversa(
                conexao,
                entrada.canal,
                entrada.chat_id,
                estado.fluxo,
                estado.passo,
                estado.versao,
                para_guardar(estado, self.fluxos),
                momento,
                resposta_para_guardar(entrada, saidas),
            )
        return saidas


class _Rodada:
    """O trabalho de uma mensagem: decide o que a entrada significa e monta as saídas."""

    def __init__(
        self, motor: Motor, ctx: Contexto, estado: Estado, desde: datetime | None = None
    ) -> None:
        self.motor, self.ctx, self.estado = motor, ctx, estado
        self.desde = desde  # a última mensagem desta conversa (antes desta)
        self.saidas: list[Saida] = []
        self._pendencia: Pendencia | None = None
        self._pendencia_lida = False

    # ----- entrada -----------------------------------------------------------------

    async def executar(self) -> list[Saida]:
        entrada = self.ctx.entrada
        fluxo = self.motor.fluxos.get(self.estado.fluxo) if self.estado.em_fluxo else None
        if fluxo and fluxo.da_equipe and not self.ctx.acesso.equipe:
            # perdeu o papel no meio de uma busca ou pré-inscrição assistida: sai dela já
            self.estado.limpar()
            await self._comando("sem_acesso" if "sem_acesso" in self.motor.comandos else "menu", "")
        elif self.estado.reparado and not vale_sem_reparo(entrada, self.motor.palavras):
            if self.estado.em_fluxo:  # escrita para a pergunta antiga: ouve a nova
                await self._perguntar()
            else:
                await self._comando("start", "")
        elif entrada.tipo is Tipo.COMANDO:
            await self._comando(entrada.comando.lower(), limpar(entrada.texto)[:LIMITE_TEXTO])
        elif entrada.tipo is Tipo.BOTAO:
            await self._botao(entrada.valor)
        elif entrada.tipo is Tipo.MIDIA:  # uma reação (👍) não pede resposta: nada muda
            if chave := chave_da_midia(entrada.valor):
                await self._sem_texto(chave)
        elif entrada.tipo is Tipo.CONTATO:
            await self._contato()
        else:
            await self._texto(entrada.texto)
        return com_nota(self.saidas, self.estado.reparado) if self.estado.reparado else self.saidas

    async def _texto(self, bruto: str) -> None:
        recado = self._no_recado() or not self.estado.em_fluxo  # pedido de ajuda, texto solto
        limite = LIMITE_RECADO if recado else LIMITE_TEXTO
        limpo = limpar(bruto[: limite * 4])  # um texto enorme nem é lido inteiro
        if len(bruto) > limite * 4 or len(limpo) > limite:
            await self._sem_texto("comum.texto_longo", limite=quantos(limite, "letra"))
            return
        if not limpo:
            await self._sem_texto("comum.texto_vazio")
            return
        da_equipe = self.motor.palavras_da_equipe if self._no_recado() else {}  # "convocar"
        palavras = (self.motor.palavras, da_equipe if self.ctx.acesso.equipe else None)
        escrito = comando_escrito(limpo, self.estado.opcoes, *palavras, canal=self.ctx.canal)
        # "menu", "entrar CÓDIGO"...: valem em qualquer ponto; "bom dia" num recado é recado
        if escrito and not (escrito[0] == "start" and self._no_recado()):
            await self._comando(*escrito)
            return
        exata = opcao_exata(self.estado.opcoes, normalizar(limpo))
        opcao = exata or self._opcao_digitada(limpo)
        if self.estado.confirmando:
            await self._responder_confirmacao(opcao)
        elif self.estado.em_fluxo:
            await self._texto_no_fluxo(limpo, opcao)
        else:
            await self._texto_fora_do_fluxo(limpo, opcao, exata is not None)

    async def _texto_fora_do_fluxo(self, limpo: str, opcao: str | None, exata: bool) -> None:
        """Fora de uma pergunta: a mensagem nova da fila, o comando da equipe digitado, a
        opção da tela. Numa tela da equipe, o que não é nada disso repete a tela."""
        equipe = self.ctx.acesso.equipe
        # a mensagem da fila chegou depois da última conversa? ela vem primeiro
        escolha = await self._da_fila(limpo, so_nova=True)
        do_menu = self.motor.palavras_da_equipe.get(normalizar(limpo)) if equipe else None
        if escolha is None and do_menu and not exata:
            escolha = da_fila(do_menu)
        escolha = escolha or opcao or await self._da_fila(limpo)
        comando = comando_de(escolha) if escolha else None
        if comando is not None:
            await self._comando(comando.comando, comando.argumento)
        elif equipe and self.estado.opcoes:  # a tela continua, com as mesmas opções valendo
            nota = nao_entendi(limpo, self.estado.numerar)
            self.saidas.append(self._montar(nota, self.estado.opcoes, False))
        else:
            await self._comando("texto", limpo)

    async def _texto_no_fluxo(self, limpo: str, opcao: str | None) -> None:
        """Um "sim" ou "não vou poder" que não é resposta do passo vale para a convocação ou
        o lembrete em aberto (como tocar no botão); sem nenhum, explica o passo: um "sim"
        nunca vira nome social nem bairro."""
        if opcao is None and palavra_de_sim_ou_nao(limpo) and not self._no_recado():
            pedido = comando_de(await self._da_fila(limpo) or "")
            if pedido is not None:
                await self._acao_da_fila(pedido)
            else:
                await self._perguntar(nota=self._do_passo(), nova_versao=False)
            return
        await self._responder(Resposta(texto=limpo, opcao=opcao))

    async def _da_fila(self, limpo: str, so_nova: bool = False) -> str | None:
        """O botão da convocação ou lembrete em aberto que o texto escolhe (`so_nova`: só
        se a mensagem da fila veio depois da última mensagem desta conversa)."""
        if self.motor.pendencias is None:
            return None
        if not self._pendencia_lida:
            self._pendencia = await self.motor.pendencias(self.ctx)
            self._pendencia_lida = True
        pendencia = self._pendencia
        if pendencia is None or (so_nova and self.desde and pendencia.momento <= self.desde):
            return None
        # só há duas respostas possíveis: erro pequeno ("confrimo") e apelidos valem
        return casar_escolha(limpo, pendencia.opcoes, numerar=False, fechada=True)

    async def _botao(self, fio: str) -> None:
        """Forjado ou malformado (`decodificar` dá None) é tratado como botão velho."""
        dado = decodificar(fio)
        if isinstance(dado, DaFila):  # botão de mensagem da fila: vale a qualquer hora
            await self._acao_da_fila(dado)
            return
        valor = dado.valor if dado is not None else ""
        valido = dado is not None and dado.versao == self.estado.versao
        valido = valido and (
            any(o.valor == valor for o in self.estado.opcoes) or self._livre(valor)
        )
        comando = comando_de(valor)
        if not valido or not (self.estado.em_fluxo or self.estado.confirmando or comando):
            await self._sem_texto("comum.mensagem_antiga")
        elif self.estado.confirmando:
            await self._responder_confirmacao(valor)
        elif self.estado.em_fluxo:
            await self._responder(Resposta(opcao=valor))
        elif comando is not None:
            await self._comando(comando.comando, comando.argumento)

    def _livre(self, valor: str) -> bool:
        """Um botão que o passo aceita fora das opções de agora (`Passo.aceita`)."""
        aceita = self._fluxo.passo(self.estado.passo).aceita if self.estado.em_fluxo else None
        return aceita is not None and not self.estado.confirmando and aceita(valor)

    async def _acao_da_fila(self, dado: DaFila) -> None:
        """Um "não vou poder" no lembrete vale mesmo no meio de outra conversa: responde e
        volta à pergunta em que a pessoa estava, sem perder nada."""
        nome, argumento = dado.comando, dado.argumento
        comando = self.motor.comandos.get(nome)
        if self._no_recado():  # outro botão: sai do recado e faz o que o botão pede
            self.estado.limpar()
        if not self.estado.em_fluxo or comando is None:
            await self._comando(nome, argumento)
            return
        acao = await comando(self.ctx, argumento)
        if isinstance(acao, Iniciar):
            await self._perguntar(nota=texto("comum.em_andamento"), nova_versao=False)
            return
        self.saidas.extend(Saida(t) for t in acao.textos)
        self.saidas.extend(acao.arquivos)
        await self._perguntar(nova_versao=False)

    async def _contato(self) -> None:
        entrada = self.ctx.entrada
        if not (self.estado.em_fluxo and self.estado.pediu_contato):
            await self._sem_texto("comum.contato_fora_de_hora")
            return
        await self._responder(
            Resposta(contato=entrada.valor, contato_proprio=entrada.contato_proprio)
        )

    def _opcao_digitada(self, limpo: str) -> str | None:
        """Digitar o número, o rótulo (como as pessoas escrevem) ou "sim"/"não" de uma opção
        vale como tocar no botão (`fluxos/regras/escolha.py`)."""
        e = self.estado
        return casar_escolha(limpo, e.opcoes, numerar=e.numerar, fechada=e.fechada)

    async def _sem_texto(self, chave: str, **campos: object) -> None:
        """Mídia, botão antigo, texto vazio: explica e repete a pergunta atual, sem mudar nada."""
        if self.estado.em_fluxo:
            await self._perguntar(nota=texto(chave, **campos), nova_versao=False)
        else:
            self._dizer(
                texto(chave, **campos) + "\n\n" + texto("comum.sem_conversa"),
                self.estado.opcoes,
                self.estado.numerar,
            )

    # ----- comandos globais ---------------------------------------------------------

    async def _comando(self, nome: str, argumento: str) -> None:
        if nome == "start" and argumento:  # convite ou link segue; o resto é /start simples
            argumento = self.motor.carga_do_start(self.ctx, argumento)
        if nome == "retomar":
            await self._retomar()
            return
        if nome in ("entrar", "start", CODIGO_AVISOS) and argumento and self.estado.em_fluxo:
            acao = await self.motor.comandos[nome](self.ctx, argumento)
            if isinstance(acao, Dizer) and acao.comandos is None:  # código errado: nada se perde
                await self._perguntar(nota=acao.textos[0], nova_versao=False)
            else:
                await self._agir(acao)
            return
        if nome == "entrar" and self.estado.em_fluxo and self.estado.tem_respostas:
            # "entrar" sozinho no meio da pré-inscrição não apaga o que a pessoa respondeu
            await self._perguntar(nota=texto("navegacao.entrar_numa_linha"), nova_versao=False)
            return
        if (nome == "start" and argumento) or nome == "entrar":
            # convite (link ou código): vale até no meio de outra conversa (o chat web e o
            # /start já começam a pré-inscrição de quem ainda não é da equipe)
            self.estado.limpar()
        if nome == "cancelar":
            await self._cancelar()
            return
        if nome == "voltar" and self.estado.confirmando:
            await self._responder_confirmacao(CONTINUAR)
            return
        if nome == "voltar":
            if self.estado.em_fluxo:
                await self._voltar()
                return
            nome = "menu"
        if nome == "ajuda" and self.estado.em_fluxo:
            await self._perguntar(nota=self._do_passo())
            return
        if self._no_recado() and nome != "start":  # "menu", "frequência": sai do recado
            self.estado.limpar()
        if nome in ("start", "texto") and self.estado.em_fluxo:
            await self._perguntar(nota=texto("comum.continuar"))
            return
        if self.estado.em_fluxo:  # menu, situação...: não joga fora o que a pessoa já respondeu
            await self._perguntar(nota=texto("comum.em_andamento"), nova_versao=False)
            return
        comando = self.motor.comandos.get(nome) or self.motor.comandos["desconhecido"]
        await self._agir(await comando(self.ctx, argumento))

    async def _retomar(self) -> None:
        """A página do chat reaberta (recarregar, voltar dias depois): repete a pergunta
        pendente com os botões que valem, sem mudar nada. Fora de fluxo, só a tela de quem
        ainda é da equipe (R24); o cidadão recebe o "start", com a situação de agora."""
        if self.estado.em_fluxo:
            await self._perguntar(nota=texto("comum.continuar"), nova_versao=False)
        elif self.estado.tela and self.estado.opcoes and self.ctx.acesso.equipe:
            self.saidas.append(self._montar(self.estado.tela, self.estado.opcoes, False))
        else:
            await self._comando("start", "")

    def _no_recado(self) -> bool:
        return self.estado.em_fluxo and self._fluxo.recado

    def _do_passo(self, sufixo: str = "ajuda", padrao: str = "comum.ajuda.geral") -> str:
        """O texto do passo no catálogo, se houver: ajuda, "sem_volta", "cancelado"."""
        chave = f"{self.estado.fluxo}.{self.estado.passo}.{sufixo}"  # "chamada.lista.ajuda"
        return texto(chave if existe(chave) else padrao)

    async def _cancelar(self) -> None:
        """Descartar respostas já dadas pede confirmação antes ("cancelar" no resumo, o
        "Começar de novo" da página); sem respostas dadas, cancela direto."""
        if self.estado.em_fluxo and self.estado.tem_respostas and not self.estado.confirmando:
            self._perguntar_cancelamento()
            return
        tinha, aviso = self.estado.em_fluxo, self._do_passo("cancelado", "escolhas.cancelar.equipe")
        self.estado.limpar()
        menu = self.motor.comandos.get("menu")
        if self.ctx.acesso.equipe and menu:  # a equipe volta ao seu menu, sem beco sem saída
            await self._agir(com_aviso(aviso, await menu(self.ctx, "")))
            return
        self._dizer(texto("comum.cancelado" if tinha else "comum.nada_a_cancelar"))

    def _perguntar_cancelamento(self, nota: str = "") -> None:
        corpo = texto("escolhas.cancelar.pergunta")
        self._dizer(f"{nota}\n\n{corpo}" if nota else corpo, opcoes_de_cancelar())
        self.estado.confirmando = True

    async def _responder_confirmacao(self, valor: str | None) -> None:
        """ "Sim" apaga; "não" volta à pergunta em que estava, sem perder nada."""
        if valor == APAGAR:
            await self._cancelar()
        elif valor == CONTINUAR:
            await self._perguntar(nota=texto("escolhas.cancelar.continua"))
        else:
            self._perguntar_cancelamento(nota=texto("escolhas.cancelar.escolha"))

    async def _agir(self, acao: Acao) -> None:
        if isinstance(acao, Iniciar):
            self.estado.limpar()
            self.estado.respostas.update(acao.dados)
            self.ctx.dados = self.estado.respostas
            self.estado.fluxo = acao.fluxo
            self.estado.passo = acao.passo or self.motor.fluxos[acao.fluxo].passos[0].nome
            await self._perguntar(nota=acao.nota)
            return
        self.estado.limpar()
        for t in acao.textos[:-1]:
            self._dizer(t)
        self._dizer(acao.textos[-1], list(acao.opcoes), acao.numerar)
        if acao.opcoes and self.ctx.acesso.equipe:  # só a equipe retoma uma tela (R24)
            # a frase que anuncia um anexo não se repete sem ele (`Dizer.tela`)
            self.estado.tela = acao.tela or ("" if acao.arquivos else acao.textos[-1])
        if acao.comandos is not None:
            self.saidas[-1] = replace(self.saidas[-1], comandos=acao.comandos)
        self.saidas.extend(acao.arquivos)

    async def _voltar(self) -> None:
        if not self.estado.historico:
            await self._perguntar(nota=self._do_passo("sem_volta", "comum.voltar.primeira"))
            return
        self.estado.passo = self.estado.historico.pop()
        await self._perguntar()

    # ----- passos -------------------------------------------------------------------

    @property
    def _fluxo(self) -> Fluxo:
        return self.motor.fluxos[self.estado.fluxo]

    async def _responder(self, resposta: Resposta) -> None:
        passo = self._fluxo.passo(self.estado.passo)
        self.ctx.assistida = self._fluxo.assistida  # o modo do fluxo, lido pelos passos (R3)
        resultado = await passo.receber(self.ctx, resposta)
        await self._seguir_resultado(resultado)

    async def _seguir_resultado(self, resultado: Resultado) -> None:
        if isinstance(resultado, Repetir):
            await self._perguntar(nota=resultado.erro, nova_versao=True)
        elif isinstance(resultado, Atualizar):
            # tocou: a mesma mensagem muda no lugar e os botões dela seguem valendo
            tocou = self.ctx.entrada.tipo is Tipo.BOTAO
            await self._perguntar(nota=resultado.nota, nova_versao=not tocou)
            self.saidas[-1] = replace(self.saidas[-1], substituir=tocou)
        elif isinstance(resultado, Dizer):  # o mesmo "diga isto e termine" de um comando
            await self._agir(resultado)
        else:
            self._avancar(resultado)
            await self._perguntar(nota=resultado.nota)

    def _avancar(self, resultado: Seguir) -> None:
        atual = self.estado.passo
        fluxo = self._fluxo
        destino = resultado.passo
        if destino is None:
            proximo = fluxo.proximo(atual)
            destino = fluxo.passo_resumo if self.estado.corrigindo else proximo
        if destino == fluxo.passo_resumo:
            self.estado.corrigindo = False
        if self.ctx.dados.pop("_corrigir", False):
            self.estado.corrigindo = True
        self.estado.historico.append(atual)
        self.estado.passo = destino or atual

    async def _perguntar(self, nota: str = "", nova_versao: bool = True) -> None:
        """Faz a pergunta do passo atual numa mensagem só (com a nota antes, se houver)."""
        passo = self._fluxo.passo(self.estado.passo)
        self.ctx.assistida = self._fluxo.assistida
        pergunta: Pergunta = await passo.perguntar(self.ctx)
        saiu_do_contato = self.estado.pediu_contato and not pergunta.pedir_contato
        self.estado.pediu_contato = pergunta.pedir_contato
        if saiu_do_contato and pergunta.opcoes and nota:
            # o teclado de "enviar telefone" só some numa mensagem sem botões: a nota vai só
            self.saidas.append(Saida(nota))
            nota = ""
        corpo = f"{nota}\n\n{pergunta.texto}" if nota else pergunta.texto
        if nova_versao or not self.estado.opcoes:
            self.estado.nova_versao()
        self.estado.numerar, self.estado.fechada = pergunta.numerar, pergunta.fechada
        self.estado.confirmando = False
        self.saidas.append(self._montar(corpo, pergunta.opcoes, pergunta.pedir_contato))

    def _dizer(self, corpo: str, opcoes: list[Opcao] | None = None, numerar: bool = True) -> None:
        if opcoes:
            self.estado.nova_versao()
            self.estado.numerar, self.estado.fechada = numerar, True
        self.saidas.append(self._montar(corpo, opcoes or [], False))

    def _montar(self, corpo: str, opcoes: list[Opcao], pedir_contato: bool) -> Saida:
        self.estado.opcoes = list(opcoes)
        v = self.estado.versao
        botoes = tuple(Botao(o.rotulo, codificar(DoFluxo(v, o.valor))) for o in opcoes)
        numerar = self.estado.numerar
        return Saida(texto=corpo, botoes=botoes, pedir_contato=pedir_contato, numerar=numerar)
