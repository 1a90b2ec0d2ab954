// The draft editor: never lose work. Files over the limit are caught before the upload (the
// server would answer with its 413 page and the typing would be gone); leaving the page with
// unsaved changes asks first; a second click while a save is on its way is ignored.
(function () {
  var form = document.querySelector('form[data-draft]');
  if (!form) { return; }
  var dirty = false;
  var sending = false;

  function sizeLabel(bytes) {
    return bytes < 1048576 ? (bytes / 1024).toFixed(1) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB';
  }

  function showError(input, text) {
    var box = document.getElementById(input.id + '-error');
    input.classList.toggle('is-invalid', !!text);
    if (box) { box.textContent = text || ''; }
  }

  function totalChosen() {
    var total = 0;
    form.querySelectorAll('input[type=file]').forEach(function (input) {
      if (input.files && input.files[0]) { total += input.files[0].size; }
    });
    return total;
  }

  form.querySelectorAll('input[type=file][data-max-bytes]').forEach(function (input) {
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      var limit = parseInt(input.dataset.maxBytes, 10);
      var request = parseInt(form.dataset.maxRequest, 10);
      if (file && limit && file.size > limit) {
        showError(input, input.dataset.tooLarge + ' (' + sizeLabel(file.size) + ')');
        input.value = '';
      } else if (file && request && totalChosen() > request - 65536) {
        showError(input, form.dataset.tooMuch);
        input.value = '';
      } else {
        showError(input, '');
      }
    });
  });

  form.addEventListener('input', function () { dirty = true; });
  form.addEventListener('change', function () { dirty = true; });

  document.addEventListener('submit', function (event) {
    if (event.target !== form || event.defaultPrevented) { return; }
    if (sending) { event.preventDefault(); return; }
    sending = true;
    dirty = false;
  });

  window.addEventListener('beforeunload', function (event) {
    if (dirty && !sending) { event.preventDefault(); event.returnValue = ''; }
  });

  // After a refused save, take the reader to the first message.
  var errors = document.getElementById('form-errors');
  if (errors) { errors.focus(); }
})();
