// Every page. The Content-Security-Policy allows no inline script, so behaviour that
// used to sit in on…= attributes lives here.

// A form that asks first: <form data-confirm="ลบมาตรการนี้?">.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
