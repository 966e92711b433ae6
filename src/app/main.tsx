import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startOfflineCopy, stopOfflineCopyInDev } from './offline';
import './app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

// The offline copy is the production build's (src/site/service-worker.ts).
if (import.meta.env.PROD) startOfflineCopy();
else stopOfflineCopyInDev();

createRoot(root).render(
  <StrictMode>
    <App search={window.location.search} />
  </StrictMode>,
);
