// Progressive enhancement: tick a status without reloading the page. Without
// JavaScript the same buttons submit a normal form and the page reloads.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.status-box[form]");
  if (!button) return;
  const form = document.getElementById(button.getAttribute("form"));
  if (!form) return;
  event.preventDefault();
  const body = new FormData(form);
  body.set("status", button.value);
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const data = await response.json();
    const row = button.closest("tr");
    row.querySelectorAll("button.status-box").forEach((box) => {
      const on = box.value === data.status;
      box.textContent = on ? "☑" : "☐";
      box.setAttribute("aria-pressed", on ? "true" : "false");
    });
    for (const [status, count] of Object.entries(data.counts)) {
      const badge = document.querySelector(`[data-status-count="${status}"] .count`);
      if (badge) badge.textContent = count;
    }
  } catch (error) {
    form.requestSubmit(button);
  }
});
