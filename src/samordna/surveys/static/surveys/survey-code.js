// A printed QR code opens /enkat/#kod=ABCD-EFGH-JKMN. Browsers never send the part after "#" to
// the server, so the one-time code reaches it only in the body of the form below, never in an
// address that a log could keep. This script moves the code into the form's field, takes it out
// of the address bar and the history, and sends the form. Without JavaScript the participant
// types the code in the same form.
(function () {
  "use strict";
  var match = /(?:^#|&)kod=([A-Za-z0-9-]{4,20})/.exec(window.location.hash);
  var form = document.querySelector("form[data-survey-code]");
  if (!match || !form) {
    return;
  }
  window.history.replaceState(null, "", window.location.pathname);
  form.elements.code.value = match[1];
  form.submit();
})();
