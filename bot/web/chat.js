/* Chat da pré-inscrição: sem framework, para celular simples e internet fraca.
   Todo texto entra com textContent, nunca como marcação: o que a pessoa ou o servidor
   escreve aparece como texto, nunca vira HTML. Um anexo vira link de baixar, sempre
   como application/octet-stream (nunca abre como página dentro deste site); um PNG
   aparece também como imagem na conversa (o QR code).
   A sessão guardada é quem a pessoa é (o papel da equipe se liga a ela): nada aqui a
   troca, a não ser o servidor dizer que ela não vale mais.
   Cada mensagem leva um id feito aqui; "Tentar de novo" reenvia o MESMO id: se a 1ª
   chegou e só a resposta se perdeu, o servidor devolve a mesma resposta sem aplicar de
   novo (o nome não vira também o nome social). */
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("textos").textContent);
  var CHAVE = "inclusao.sessao";
  var CHAVE_EQUIPE = "inclusao.equipe"; /* o último papel visto: o título certo já ao abrir */
  var PRAZO = 30000; /* 2G: uma resposta pode demorar */
  var conversa = document.getElementById("conversa");
  var formulario = document.getElementById("formulario");
  var campo = document.getElementById("campo");
  var enviarBotao = document.getElementById("enviar");
  var aviso = document.getElementById("aviso");
  var subtitulo = document.getElementById("subtitulo");
  var nova = document.getElementById("nova");
  var ocupado = false;
  var sessao = lerSessao();
  var convite = tirarConvite();

  function lerSessao() {
    try { return localStorage.getItem(CHAVE); } catch (e) { return null; }
  }
  function gravarSessao(valor) {
    sessao = valor;
    try {
      if (valor) { localStorage.setItem(CHAVE, valor); } else { localStorage.removeItem(CHAVE); }
    } catch (e) { /* sem localStorage: a sessão vive só nesta aba */ }
  }

  /* Convite da equipe (?convite=TOKEN): lido uma vez e tirado do endereço, para que
     recarregar a página (ou o histórico) não o mande de novo. */
  function tirarConvite() {
    var achado = /[?&]convite=([A-Za-z0-9_-]{1,64})(?:&|$)/.exec(window.location.search);
    if (!achado) { return null; }
    var resto = "";
    if (window.URLSearchParams) {
      var busca = new URLSearchParams(window.location.search);
      busca["delete"]("convite");
      resto = busca.toString();
    }
    try {
      window.history.replaceState(null, "", window.location.pathname +
        (resto ? "?" + resto : "") + window.location.hash);
    } catch (e) { /* navegador antigo: o convite só vale uma vez de qualquer jeito */ }
    return achado[1];
  }

  /* 128 bits aleatórios em hexadecimal; sem crypto (navegador muito antigo), Math.random
     basta: o id só distingue as mensagens desta sessão. */
  function novoId() {
    var bytes = [];
    var i;
    try {
      bytes = window.crypto.getRandomValues(new Uint8Array(16));
    } catch (e) {
      for (i = 0; i < 16; i++) { bytes.push(Math.floor(Math.random() * 256)); }
    }
    var id = "";
    for (i = 0; i < bytes.length; i++) { id += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return id;
  }

  function linkDoAnexo(anexo) {
    var link = document.createElement("a");
    link.className = "anexo";
    link.setAttribute("download", anexo.nome);
    link.textContent = T.baixar + ": " + anexo.nome;
    try {
      var bruto = atob(anexo.dados);
      var bytes = new Uint8Array(bruto.length);
      for (var i = 0; i < bruto.length; i++) { bytes[i] = bruto.charCodeAt(i); }
      link.href = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
    } catch (e) {
      link.href = "data:application/octet-stream;base64," + anexo.dados;
    }
    return link;
  }

  /* Uma imagem PNG (o QR code do código de vínculo) aparece na conversa, de uma data: URL
     (o CSP só deixa imagens do próprio site ou data:); o link de baixar vem embaixo, para
     guardar ou imprimir. Só PNG e só base64 limpo: o resto fica só com o link. */
  var BASE64 = /^[A-Za-z0-9+\/]+={0,2}$/;

  function imagemDoAnexo(anexo) {
    if (anexo.tipo !== "image/png" || !BASE64.test(anexo.dados || "")) { return null; }
    var imagem = document.createElement("img");
    imagem.className = "anexo-imagem";
    imagem.alt = T.imagem + ": " + anexo.nome;
    imagem.src = "data:image/png;base64," + anexo.dados;
    return imagem;
  }

  function mostrarAnexo(item, anexo) {
    var imagem = imagemDoAnexo(anexo);
    if (imagem) { item.appendChild(imagem); }
    item.appendChild(linkDoAnexo(anexo));
  }

  /* Links de um toque para receber os avisos em outro canal: só t.me e wa.me viram
     <a> (o texto continua entrando como textContent; nada vira HTML). O do WhatsApp
     leva o texto pronto url-encoded (%20, "."), mas o ponto final da frase fica fora. */
  var LINK_DE_CANAL = /https:\/\/(?:t\.me|wa\.me)\/[A-Za-z0-9_\/?=&%.~-]*[A-Za-z0-9_\/=&%~-]/g;

  function textoComLinks(corpo, texto) {
    var inicio = 0;
    var achado;
    LINK_DE_CANAL.lastIndex = 0;
    while ((achado = LINK_DE_CANAL.exec(texto)) !== null) {
      corpo.appendChild(document.createTextNode(texto.slice(inicio, achado.index)));
      var link = document.createElement("a");
      link.href = achado[0];
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      link.textContent = achado[0];
      corpo.appendChild(link);
      inicio = achado.index + achado[0].length;
    }
    corpo.appendChild(document.createTextNode(texto.slice(inicio)));
  }

  function balao(quem, texto) {
    var item = document.createElement("li");
    item.className = "msg " + quem;
    var corpo = document.createElement("p");
    var rotulo = document.createElement("span");
    rotulo.className = "so-leitor";
    rotulo.textContent = (quem === "eu" ? T.voce : T.assistente) + " ";
    corpo.appendChild(rotulo);
    textoComLinks(corpo, texto);
    item.appendChild(corpo);
    conversa.appendChild(item);
    return item;
  }

  function desligarOpcoes() {
    var botoes = conversa.querySelectorAll(".opcoes button");
    for (var i = 0; i < botoes.length; i++) { botoes[i].disabled = true; }
  }

  /* A equipe não faz pré-inscrição por aqui: título e subtítulo dela são outros. */
  function mostrarPapel(equipe) {
    var titulo = equipe ? T.titulo_equipe : T.titulo;
    try {
      if (equipe) { localStorage.setItem(CHAVE_EQUIPE, "1"); }
      else { localStorage.removeItem(CHAVE_EQUIPE); }
    } catch (e) { /* sem localStorage: o título muda com a 1ª resposta */ }
    if (subtitulo) { subtitulo.textContent = equipe ? T.subtitulo_equipe : T.subtitulo; }
    if (titulo) { document.title = titulo; }
  }

  /* Devolve a primeira mensagem nova e o primeiro botão dela (para o foco). `origem`: o
     balão do botão tocado; uma mensagem com `substituir` toma o lugar dele (a chamada
     marca e desmarca na mesma mensagem, sem encher a conversa). */
  function mostrar(mensagens, origem) {
    desligarOpcoes();
    var primeiro = null;
    var primeiraOpcao = null;
    mensagens.forEach(function (m) {
      var item = balao("bot", m.texto);
      if (m.substituir && origem && origem.parentNode === conversa) {
        conversa.replaceChild(item, origem);
        origem = null;
      }
      primeiro = primeiro || item;
      if (m.anexo) { mostrarAnexo(item, m.anexo); }
      if (!m.botoes || !m.botoes.length) { return; }
      var grupo = document.createElement("div");
      grupo.className = "opcoes";
      m.botoes.forEach(function (b) {
        var botao = document.createElement("button");
        botao.type = "button";
        botao.textContent = b.rotulo;
        botao.addEventListener("click", function () {
          enviar({ tipo: "botao", valor: b.valor }, b.rotulo, item);
        });
        grupo.appendChild(botao);
        primeiraOpcao = primeiraOpcao || botao;
      });
      item.appendChild(grupo);
    });
    return { primeiro: primeiro, opcao: primeiraOpcao };
  }

  /* Uma resposta longa abre na PRIMEIRA linha: o foco no botão (que fica no fim dela)
     não pode rolar a página para baixo, por isso a rolagem vem depois do foco. */
  function focarEAbrir(novas, focar) {
    if (focar) {
      try { focar.focus({ preventScroll: true }); } catch (e) { focar.focus(); }
    }
    if (novas.primeiro) { novas.primeiro.scrollIntoView(true); }
  }

  function avisar(texto, erro, tentar) {
    aviso.textContent = texto;
    aviso.className = erro ? "aviso erro" : "aviso";
    if (tentar) {
      var botao = document.createElement("button");
      botao.type = "button";
      botao.className = "tentar";
      botao.textContent = T.tentar;
      botao.addEventListener("click", tentar);
      aviso.appendChild(document.createTextNode(" "));
      aviso.appendChild(botao);
    }
  }

  function ocupar(sim) {
    ocupado = sim;
    enviarBotao.disabled = sim;
    conversa.setAttribute("aria-busy", sim ? "true" : "false");
  }

  function enviar(pedido, rotulo, origem) {
    if (ocupado) { return; }
    ocupar(true);
    avisar(T.enviando, false, null);
    var meu = rotulo ? balao("eu", rotulo) : null;
    if (meu) { meu.className += " pendente"; meu.scrollIntoView(false); }
    pedido.sessao = sessao;
    if (!pedido.id) { pedido.id = novoId(); } /* "Tentar de novo" mantém o mesmo */
    var controle = window.AbortController ? new AbortController() : null;
    var relogio = setTimeout(function () { if (controle) { controle.abort(); } }, PRAZO);

    function falhar(texto, podeTentar) {
      if (meu) { conversa.removeChild(meu); }
      if (pedido.tipo === "texto" && !campo.value) { campo.value = pedido.texto; }
      avisar(texto, true, podeTentar ? function () {
        if (pedido.tipo === "texto" && campo.value === pedido.texto) { campo.value = ""; }
        enviar(pedido, rotulo, origem);
      } : null);
    }

    fetch("api/conversa", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(pedido),
      credentials: "same-origin",
      signal: controle ? controle.signal : undefined
    }).then(function (r) {
      return r.json().then(function (dados) { return { status: r.status, dados: dados }; });
    }).then(function (res) {
      clearTimeout(relogio);
      ocupar(false);
      var dados = res.dados || {};
      if (res.status === 200) {
        var troca = (dados.mensagens || []).some(function (m) { return m.substituir; });
        if (meu && troca && origem) { conversa.removeChild(meu); meu = null; }
        if (meu) { meu.className = "msg eu"; }
        aviso.textContent = "";
        gravarSessao(dados.sessao);
        mostrarPapel(dados.equipe === true);
        var novas = mostrar(dados.mensagens || [], origem);
        focarEAbrir(novas, pedido.tipo === "botao" ? (novas.opcao || campo) : null);
      } else if (dados.codigo === "sessao") {
        gravarSessao(null);
        if (meu) { conversa.removeChild(meu); }
        mostrar([{ texto: dados.erro, botoes: [] }]);
        /* um "start" com convite é refeito como estava: o convite não se perde */
        enviar(pedido.comando === "start" ? pedido : { tipo: "comando", comando: "start" }, null);
      } else {
        falhar(dados.erro || T.sem_conexao, res.status === 429 || res.status >= 500);
      }
    }).catch(function () {
      clearTimeout(relogio);
      ocupar(false);
      falhar(T.sem_conexao, true);
    });
  }

  formulario.addEventListener("submit", function (evento) {
    evento.preventDefault();
    var texto = campo.value.trim();
    if (!texto || ocupado) { return; }
    campo.value = "";
    enviar({ tipo: "texto", texto: texto }, texto);
  });

  /* "Começar de novo" é o "cancelar" na MESMA sessão: o assistente pergunta antes de
     apagar respostas, e quem é da equipe continua da equipe. */
  nova.addEventListener("click", function () {
    enviar({ tipo: "comando", comando: "cancelar" }, nova.textContent);
  });

  /* Com sessão guardada, "retomar" repete a pergunta pendente com os seus botões (uma
     tela da equipe também); sem sessão, "start" começa; com convite, o "start" liga esta
     conversa ao papel da equipe. */
  try {
    if (sessao && localStorage.getItem(CHAVE_EQUIPE)) { mostrarPapel(true); }
  } catch (e) { /* sem localStorage: o título muda com a 1ª resposta */ }
  var inicio = { tipo: "comando", comando: sessao && !convite ? "retomar" : "start" };
  if (convite) { inicio.texto = convite; }
  enviar(inicio, null);
})();
