import './i18n';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd';
import App from './App';

// antd v5 renders static popups (message, Modal.confirm, wave effect) with the legacy
// ReactDOM.render; under React 19 it has to be told how to create roots.
unstableSetRender((node, container) => {
  const host = container as (Element | DocumentFragment) & { __citystackRoot?: Root };
  host.__citystackRoot ??= createRoot(container);
  const root = host.__citystackRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete host.__citystackRoot;
  };
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root missing from index.html');

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
