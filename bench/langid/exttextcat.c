#include <textcat.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
int main(void){ void *h = special_textcat_Init("/usr/share/libexttextcat/fpdb.conf","/usr/share/libexttextcat/"); if(!h){puts("init fail");return 1;}
 FILE *f=fopen("/work/wt-ingest/tests/data/ingest/lang-sample.tsv","r"); char line[8192]; int n=0,ok=0; double t=0;
 while(fgets(line,sizeof line,f)){ if(line[0]=='#')continue; char *tab=strchr(line,'\t'); *tab=0; char *txt=tab+1; txt[strcspn(txt,"\n")]=0;
  struct timespec a,b; clock_gettime(CLOCK_MONOTONIC,&a); const char *r=textcat_Classify(h,txt,strlen(txt)); clock_gettime(CLOCK_MONOTONIC,&b);
  t+= (b.tv_sec-a.tv_sec)+(b.tv_nsec-a.tv_nsec)/1e9; n++; int isen=!strncmp(r,"[en-",4); int good = (strcmp(line,"en")==0)==isen; ok+=good; if(!good) printf("%s -> %.60s\n", line, r);}
 printf("exttextcat: %d/%d correct en/non-en, %.3f ms per text\n", ok,n,t*1e3/n); return 0;}
