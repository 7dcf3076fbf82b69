// Stands in for https://unpkg.com/@ircam/sc-components@latest in the tests (no internet): the one
// component the second tutorial uses, <sc-bang>, which fires "input" when it is clicked.
class ScBang extends HTMLElement {
  connectedCallback() {
    this.setAttribute('role', 'button');
    this.style.cssText = 'display:inline-block;width:80px;height:80px;border-radius:50%;border:2px solid #888;cursor:pointer';
    this.addEventListener('click', () => this.dispatchEvent(new CustomEvent('input', { bubbles: true })));
  }
}
customElements.define('sc-bang', ScBang);
